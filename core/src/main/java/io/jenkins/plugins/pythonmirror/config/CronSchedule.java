package io.jenkins.plugins.pythonmirror.config;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Jenkins-style cron schedule: one or more lines of five fields (minute, hour, day of month, month, day of week),
 * with {@code *}, numbers, ranges {@code a-b}, steps {@code /n}, lists {@code a,b}, {@code H} (a stable per-seed
 * value spreading load: {@code H}, {@code H/15}, {@code H(0-29)}), the aliases {@code @hourly}, {@code @daily},
 * {@code @midnight}, {@code @weekly}, {@code @monthly}, {@code @yearly} and {@code @annually}, blank lines and
 * {@code #} comments. As in Jenkins, all five fields must match (day of month and day of week are not or-ed), and
 * day of week 7 is Sunday like 0.
 */
public final class CronSchedule {

    private static final String[] NAMES = {"minute", "hour", "day-of-month", "month", "day-of-week"};
    private static final int[] LOW = {0, 0, 1, 1, 0};
    private static final int[] HIGH = {59, 23, 31, 12, 7};

    private final List<BitSet[]> lines;

    private CronSchedule(List<BitSet[]> lines) {
        this.lines = lines;
    }

    /**
     * Parses {@code text}; {@code hashSeed} (such as the task name) fixes what {@code H} stands for.
     *
     * @throws IllegalArgumentException with a message naming the line and field at fault
     */
    public static CronSchedule parse(String text, String hashSeed) {
        List<BitSet[]> lines = new ArrayList<>();
        if (text != null) {
            int lineNo = 0;
            for (String raw : text.split("\\R")) {
                lineNo++;
                String line = raw.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                lines.add(parseLine(line, lineNo, hashSeed == null ? "" : hashSeed));
            }
        }
        return new CronSchedule(List.copyOf(lines));
    }

    /** True when no line schedules anything (blank text): the task never runs by itself. */
    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Whether the minute containing {@code time} is scheduled. */
    public boolean matches(ZonedDateTime time) {
        int dow = time.getDayOfWeek().getValue() % 7; // Monday=1 … Sunday=0
        int[] values = {time.getMinute(), time.getHour(), time.getDayOfMonth(), time.getMonthValue(), dow};
        for (BitSet[] fields : lines) {
            boolean all = true;
            for (int f = 0; f < 5 && all; f++) {
                all = fields[f].get(values[f]);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** The first scheduled minute strictly after {@code time}, looking at most a year and a day ahead. */
    public Optional<ZonedDateTime> next(ZonedDateTime time) {
        ZonedDateTime t = time.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = t.plusDays(367);
        for (; t.isBefore(limit); t = t.plusMinutes(1)) {
            if (matches(t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static BitSet[] parseLine(String line, int lineNo, String seed) {
        String expanded =
                switch (line.toLowerCase(Locale.ROOT)) {
                    case "@yearly", "@annually" -> "H H H H *";
                    case "@monthly" -> "H H H * *";
                    case "@weekly" -> "H H * * H";
                    case "@daily" -> "H H * * *";
                    case "@midnight" -> "H H(0-2) * * *";
                    case "@hourly" -> "H * * * *";
                    default -> line;
                };
        if (expanded.startsWith("@")) {
            throw error(
                    line,
                    lineNo,
                    "unknown alias '" + line
                            + "'; use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually");
        }
        String[] parts = expanded.trim().split("\\s+");
        if (parts.length != 5) {
            throw error(
                    line,
                    lineNo,
                    "expected 5 fields (minute hour day-of-month month day-of-week), found " + parts.length);
        }
        BitSet[] fields = new BitSet[5];
        for (int f = 0; f < 5; f++) {
            fields[f] = parseField(parts[f], f, line, lineNo, seed);
        }
        if (fields[4].get(7)) {
            fields[4].set(0); // 7 is Sunday too
        }
        return fields;
    }

    private static BitSet parseField(String text, int f, String line, int lineNo, String seed) {
        BitSet bits = new BitSet();
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw fieldError(line, lineNo, f, text, "has an empty list item");
            }
            parseItem(item, f, line, lineNo, seed, bits);
        }
        return bits;
    }

    private static void parseItem(String item, int f, String line, int lineNo, String seed, BitSet bits) {
        int lo = LOW[f];
        int hi = f == 4 ? 6 : HIGH[f];
        int step = 1;
        String range = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            step = number(item.substring(slash + 1), f, line, lineNo, item);
            if (step < 1) {
                throw fieldError(line, lineNo, f, item, "has a step of " + step + "; steps start at 1");
            }
            range = item.substring(0, slash);
        }
        boolean hashed = false;
        if (range.equals("*")) {
            // whole range
        } else if (range.startsWith("H")) {
            hashed = true;
            String rest = range.substring(1);
            if (!rest.isEmpty()) {
                if (!(rest.startsWith("(") && rest.endsWith(")") && rest.contains("-"))) {
                    throw fieldError(line, lineNo, f, item, "is not H, H/n, H(a-b) or H(a-b)/n");
                }
                String[] ab = rest.substring(1, rest.length() - 1).split("-", 2);
                lo = number(ab[0], f, line, lineNo, item);
                hi = number(ab[1], f, line, lineNo, item);
            }
        } else {
            int dash = range.indexOf('-');
            if (dash >= 0) {
                lo = number(range.substring(0, dash), f, line, lineNo, item);
                hi = number(range.substring(dash + 1), f, line, lineNo, item);
            } else {
                lo = number(range, f, line, lineNo, item);
                hi = slash >= 0 ? (f == 4 ? 6 : HIGH[f]) : lo; // "5/10" means from 5 every 10
            }
        }
        if (lo < LOW[f] || hi > HIGH[f]) {
            throw fieldError(line, lineNo, f, item, "is out of range " + LOW[f] + "-" + HIGH[f]);
        }
        if (lo > hi) {
            throw fieldError(line, lineNo, f, item, "has a range that ends before it starts");
        }
        if (hashed) {
            int hash = Math.floorMod((seed + "#" + f).hashCode(), Integer.MAX_VALUE);
            if (slash < 0) {
                bits.set(lo + hash % (hi - lo + 1));
                return;
            }
            lo = lo + hash % Math.min(step, hi - lo + 1);
        }
        for (int v = lo; v <= hi; v += step) {
            bits.set(v);
        }
    }

    private static int number(String s, int f, String line, int lineNo, String item) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw fieldError(
                    line,
                    lineNo,
                    f,
                    item,
                    s.equals(item) ? "is not a number" : "has '" + s + "', which is not a number");
        }
    }

    private static IllegalArgumentException fieldError(String line, int lineNo, int f, String item, String what) {
        return error(line, lineNo, "the " + NAMES[f] + " field '" + item + "' " + what);
    }

    private static IllegalArgumentException error(String line, int lineNo, String what) {
        return new IllegalArgumentException("Invalid schedule, line " + lineNo + " '" + line + "': " + what + ".");
    }
}
