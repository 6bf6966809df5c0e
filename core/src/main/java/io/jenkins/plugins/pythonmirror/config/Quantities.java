package io.jenkins.plugins.pythonmirror.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human forms of durations ({@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}) and byte sizes
 * ({@code 512m}, {@code 20g}, {@code 1.5t}) used on the command line and in the Jenkins configuration.
 */
public final class Quantities {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?");

    private Quantities() {}

    /** {@code 10m} → 10 minutes; a bare number is seconds. */
    public static Duration parseDuration(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "Invalid duration '" + text + "': use a number with ms, s, m, h or d, such as 10m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new AssertionError(unit);
        };
    }

    /** {@code 20g} → 20 GiB; units are binary (k = 1024); a bare number is bytes; 0 means none. */
    public static long parseSize(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "Invalid size '" + text + "': use a number with k, m, g or t, such as 20g");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).substring(0, 1);
        long factor =
                switch (unit) {
                    case "b" -> 1L;
                    case "k" -> 1L << 10;
                    case "m" -> 1L << 20;
                    case "g" -> 1L << 30;
                    case "t" -> 1L << 40;
                    default -> throw new AssertionError(unit);
                };
        double bytes = n * factor;
        if (bytes > Long.MAX_VALUE) {
            throw new IllegalArgumentException("Invalid size '" + text + "': too large");
        }
        return (long) bytes;
    }

    /** The short form of a byte count for people: {@code 1.5 GiB}. */
    public static String formatSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    /** The short form of a duration: {@code 10m}, {@code 90s}, {@code 2h}. */
    public static String formatDuration(Duration d) {
        long s = d.getSeconds();
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        if (s != 0 && s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
