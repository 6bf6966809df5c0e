package io.jenkins.plugins.pythonmirror.simple;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Chooses the representation of a simple-repository page from {@code ?format=} and {@code Accept} (PEP 691).
 *
 * <p>The rule:
 *
 * <ol>
 *   <li>A non-blank {@code format} parameter decides alone: one of the three media types (or a {@code latest}
 *       alias), {@code json} (JSON_V1) or {@code html} (TEXT_HTML, so that a browser shows it); any other value gives
 *       empty.
 *   <li>A missing or blank {@code Accept}, or one without a single well-formed media range, counts as <code>*&#47;*
 *       </code> (PEP 691; buildout sends none).
 *   <li>Each format gets the quality of the <em>most specific</em> range matching it (exact type, including {@code
 *       application/vnd.pypi.simple.latest+json}/{@code +html}, beats {@code type/*}, which beats <code>*&#47;*
 *       </code>); media-type parameters other than {@code q} are ignored; {@code q=0} means "not acceptable".
 *   <li>The highest quality wins. On a tie, a format named explicitly beats one matched only by a wildcard; among
 *       explicit ones our preference is JSON_V1, HTML_V1, TEXT_HTML. Among formats matched only by wildcards HTML is
 *       preferred (TEXT_HTML, HTML_V1, JSON_V1): a client that never named the JSON type may not read it, and
 *       poetry sends <code>*&#47;*</code> expecting HTML. So <code>*&#47;*</code> gives TEXT_HTML and {@code
 *       application/*} gives HTML_V1.
 *   <li>Nothing acceptable gives empty; the caller answers 406.
 * </ol>
 *
 * <p>Malformed ranges (no slash, bad q-value, <code>*&#47;json</code>) are skipped; this never throws.
 */
public final class ContentNegotiation {

    // RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
    private static final Pattern Q_VALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");
    private static final PageFormat[] EXPLICIT_ORDER = {PageFormat.JSON_V1, PageFormat.HTML_V1, PageFormat.TEXT_HTML};
    private static final PageFormat[] WILDCARD_ORDER = {PageFormat.TEXT_HTML, PageFormat.HTML_V1, PageFormat.JSON_V1};

    private ContentNegotiation() {}

    /** The format to serve, or empty when none is acceptable (or the format parameter is unknown). */
    public static Optional<PageFormat> select(String acceptHeader, String formatParameter) {
        if (formatParameter != null && !formatParameter.isBlank()) {
            return byName(formatParameter.strip().toLowerCase(Locale.ROOT));
        }
        // Per format: specificity of the best matching range (0 = none, 1 = */*, 2 = type/*, 3 = exact) and its q.
        int[] specificity = new int[PageFormat.values().length];
        int[] quality = new int[PageFormat.values().length];
        boolean anyRange = false;
        if (acceptHeader != null) {
            for (String entry : acceptHeader.split(",")) {
                String[] range = parseRange(entry);
                if (range == null) {
                    continue;
                }
                int q = quality(entry);
                if (q < 0) {
                    continue;
                }
                anyRange = true;
                for (PageFormat f : PageFormat.values()) {
                    int s = matches(range[0], range[1], f);
                    int i = f.ordinal();
                    if (s > specificity[i] || s == specificity[i] && s > 0 && q > quality[i]) {
                        specificity[i] = s;
                        quality[i] = q;
                    }
                }
            }
        }
        if (!anyRange) {
            return Optional.of(PageFormat.TEXT_HTML);
        }
        PageFormat best = null;
        for (PageFormat[] order : new PageFormat[][] {EXPLICIT_ORDER, WILDCARD_ORDER}) {
            for (PageFormat f : order) {
                int i = f.ordinal();
                boolean explicit = specificity[i] == 3;
                if (quality[i] == 0 || explicit != (order == EXPLICIT_ORDER)) {
                    continue;
                }
                // Strictly higher q wins; an explicit match was seen first, so it keeps ties against wildcards.
                if (best == null || quality[i] > quality[best.ordinal()]) {
                    best = f;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<PageFormat> byName(String name) {
        return switch (name) {
            case "json", "application/vnd.pypi.simple.v1+json", "application/vnd.pypi.simple.latest+json" -> Optional
                    .of(PageFormat.JSON_V1);
            case "application/vnd.pypi.simple.v1+html", "application/vnd.pypi.simple.latest+html" -> Optional.of(
                    PageFormat.HTML_V1);
            case "html", "text/html" -> Optional.of(PageFormat.TEXT_HTML);
            default -> Optional.empty();
        };
    }

    /** {@code [type, subtype]} in lower case, or null when the range is malformed. */
    private static String[] parseRange(String entry) {
        int semi = entry.indexOf(';');
        String mediaRange =
                (semi < 0 ? entry : entry.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        int slash = mediaRange.indexOf('/');
        if (slash <= 0 || slash == mediaRange.length() - 1) {
            return null;
        }
        String type = mediaRange.substring(0, slash).strip();
        String subtype = mediaRange.substring(slash + 1).strip();
        if (!isToken(type) || !isToken(subtype) || type.equals("*") && !subtype.equals("*")) {
            return null;
        }
        return new String[] {type, subtype};
    }

    /** The q-value in thousandths (RFC 9110 allows three decimals); 1000 when absent, -1 when malformed. */
    private static int quality(String entry) {
        String[] params = entry.split(";");
        for (int i = 1; i < params.length; i++) {
            String p = params[i].strip();
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).strip().equalsIgnoreCase("q")) {
                continue;
            }
            String v = p.substring(eq + 1).strip();
            if (!Q_VALUE.matcher(v).matches()) {
                return -1;
            }
            return (int) Math.round(Double.parseDouble(v) * 1000);
        }
        return 1000;
    }

    private static int matches(String type, String subtype, PageFormat format) {
        String mediaType = format.mediaType();
        int slash = mediaType.indexOf('/');
        String fType = mediaType.substring(0, slash);
        String fSubtype = mediaType.substring(slash + 1);
        if (type.equals("*")) {
            return 1;
        }
        if (!type.equals(fType)) {
            return 0;
        }
        if (subtype.equals("*")) {
            return 2;
        }
        // PEP 691: the "latest" meta-version means v1 for us.
        String latest = fSubtype.replace(".v1+", ".latest+");
        return subtype.equals(fSubtype) || subtype.equals(latest) ? 3 : 0;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
