package org.hoverla.core;

import java.util.Properties;

/** Test access to {@link BuildInfo}'s package-private parser. */
public final class BuildInfoAccess {
    private BuildInfoAccess() {
    }

    public static String parse(Properties p) {
        return BuildInfo.parseCommit(p);
    }
}
