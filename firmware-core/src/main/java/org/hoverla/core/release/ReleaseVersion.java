package org.hoverla.core.release;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version, {@code MAJOR.MINOR.PATCH[-QUALIFIER]} (Maven's and SemVer's common ground),
 * ordered as SemVer orders it: numerically, and a qualified version ({@code 0.2.0-SNAPSHOT},
 * {@code 0.2.0-rc1}) before the plain one. Qualifiers compare as text.
 */
public record ReleaseVersion(int major, int minor, int patch, String qualifier) implements Comparable<ReleaseVersion> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})(?:-([0-9A-Za-z][0-9A-Za-z.]{0,39}))?");

    /** @throws ReleaseException when the text is not a version */
    public static ReleaseVersion parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw new ReleaseException("not a release version: '" + text + "' (expected MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH-QUALIFIER)");
        }
        if (text.endsWith(".partial")) {
            // versions/V.partial is where an install writes before it is complete, and recovery deletes it.
            throw new ReleaseException("not a release version: '" + text + "' (a version may not end in .partial)");
        }
        return new ReleaseVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4) == null ? "" : m.group(4));
    }

    @Override
    public int compareTo(ReleaseVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, o.patch);
        }
        if (c == 0 && !qualifier.equals(o.qualifier)) {
            if (qualifier.isEmpty()) {
                return 1;
            }
            if (o.qualifier.isEmpty()) {
                return -1;
            }
            c = qualifier.compareTo(o.qualifier);
        }
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (qualifier.isEmpty() ? "" : "-" + qualifier);
    }
}
