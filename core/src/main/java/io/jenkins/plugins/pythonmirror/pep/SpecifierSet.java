package io.jenkins.plugins.pythonmirror.pep;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A comma-separated set of PEP 440 specifiers, all of which must match; the empty set matches every version.
 *
 * <p>{@code SpecifierSet.parse(">=1.0, <2").contains(Version.parse("1.5"))} is true. By default pre-releases
 * (including dev releases) only match when some clause names a pre-release, e.g. {@code >=2.0b1}.
 */
public final class SpecifierSet {

    private final List<Specifier> specifiers;

    private SpecifierSet(List<Specifier> specifiers) {
        this.specifiers = List.copyOf(specifiers);
    }

    /** Parses {@code ""}, {@code ">=1.0"} or {@code ">=1.0, !=1.3.*, <2"}. */
    public static SpecifierSet parse(String text) {
        if (text == null || text.isBlank()) {
            return new SpecifierSet(List.of());
        }
        List<Specifier> specs = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw new InvalidSpecifierException(text, "has an empty clause");
            }
            try {
                specs.add(Specifier.parse(part));
            } catch (InvalidSpecifierException e) {
                throw new InvalidSpecifierException(text, "clause '" + part.strip() + "': " + e.reason());
            }
        }
        return new SpecifierSet(specs);
    }

    /** Whether {@code text} parses as a specifier set. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidSpecifierException e) {
            return false;
        }
    }

    public List<Specifier> specifiers() {
        return specifiers;
    }

    public boolean isEmpty() {
        return specifiers.isEmpty();
    }

    /** Whether any clause names a pre-release, which opts this set in to pre-releases (PEP 440). */
    public boolean mentionsPrerelease() {
        return specifiers.stream().anyMatch(Specifier::mentionsPrerelease);
    }

    /** PEP 440 default handling: pre-releases match only if a clause mentions one. */
    public boolean contains(Version version) {
        return contains(version, mentionsPrerelease());
    }

    /** Whether every clause matches; pre-releases are rejected outright unless {@code allowPrereleases}. */
    public boolean contains(Version version, boolean allowPrereleases) {
        if (version.isPrerelease() && !allowPrereleases) {
            return false;
        }
        return specifiers.stream().allMatch(s -> s.contains(version));
    }

    /**
     * Whether a version as written (e.g. in a filename) matches every clause: {@code ===} compares the text itself
     * (PEP 440 arbitrary equality), the other operators its parsed form. Text that is not a PEP 440 version only
     * ever matches {@code ===}, and counts as a final release.
     */
    public boolean contains(String versionAsWritten, boolean allowPrereleases) {
        if (!allowPrereleases
                && Version.isValid(versionAsWritten)
                && Version.parse(versionAsWritten).isPrerelease()) {
            return false;
        }
        return specifiers.stream().allMatch(s -> s.contains(versionAsWritten));
    }

    /** Whether some clause uses PEP 440 arbitrary equality ({@code ===}). */
    public boolean hasArbitraryEquality() {
        return specifiers.stream().anyMatch(s -> s.operator().equals("==="));
    }

    /**
     * The matching versions, in input order. PEP 440: if nothing but pre-releases match (and no clause mentions
     * one), the pre-releases are returned, as installers do.
     */
    public List<Version> filter(Collection<Version> versions) {
        List<Version> finals = new ArrayList<>();
        List<Version> pres = new ArrayList<>();
        boolean allowPre = mentionsPrerelease();
        for (Version v : versions) {
            if (contains(v, true)) {
                (v.isPrerelease() && !allowPre ? pres : finals).add(v);
            }
        }
        return finals.isEmpty() ? pres : finals;
    }

    /** Equal when both hold the same clauses, compared as {@link Specifier#equals} does (trailing zeros aside). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SpecifierSet s && new HashSet<>(specifiers).equals(new HashSet<>(s.specifiers));
    }

    @Override
    public int hashCode() {
        return new HashSet<>(specifiers).hashCode();
    }

    /** The normal form: clauses in normal form, sorted, equal ones once, joined by commas without spaces. */
    @Override
    public String toString() {
        List<Specifier> sorted = new ArrayList<>(specifiers);
        sorted.sort(Comparator.comparing(Specifier::toString));
        Set<Specifier> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (Specifier s : sorted) {
            if (seen.add(s)) {
                out.add(s.toString());
            }
        }
        return String.join(",", out);
    }
}
