package org.hoverla.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/**
 * Facts about this build that only the build knows: the git commit it was built from.
 *
 * <p>The commit comes from {@code org/hoverla/core/build-git.properties}, which the
 * {@code git-commit-id-maven-plugin} (firmware-core's pom) writes into the classes at every
 * build made in a git clone. A build outside git (a source archive) or in a {@code git worktree}
 * (where the plugin would read the main checkout's HEAD; see the pom) has no such file, and a file whose commit is not
 * 40 hexadecimal digits is ignored: {@link #gitCommit()} is then empty, which
 * {@code AUTOPILOT_VERSION.flight_custom_version} reports as eight zero bytes ("commit unknown").
 * Read once, at class initialisation; any thread.
 */
public final class BuildInfo {
    /** Where the build writes the commit (a properties file, key {@code git.commit.id}). */
    public static final String RESOURCE = "build-git.properties";

    private static final String COMMIT = parseCommit(load());

    private BuildInfo() {
    }

    /** The build's full git commit (40 lowercase hex digits), or "" when unknown. */
    public static String gitCommit() {
        return COMMIT;
    }

    /** The commit from {@code git.commit.id}, lowercased; "" unless it is 40 hex digits. */
    static String parseCommit(Properties p) {
        String c = p == null ? null : p.getProperty("git.commit.id");
        if (c == null) {
            return "";
        }
        c = c.trim().toLowerCase(Locale.ROOT);
        if (c.length() != 40) {
            return "";
        }
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
                return "";
            }
        }
        return c;
    }

    private static Properties load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
