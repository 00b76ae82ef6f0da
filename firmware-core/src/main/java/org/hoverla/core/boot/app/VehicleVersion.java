package org.hoverla.core.boot.app;

import picocli.CommandLine;

/** {@code --version}: the artifact's version and the git commit it was built from. */
public final class VehicleVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = org.hoverla.core.mavlink.telemetry.VehicleIdentity.manifestVersion();
        String commit = org.hoverla.core.BuildInfo.gitCommit();
        return new String[] {"Hoverla vehicle " + (version == null ? "(development build)" : version)
                + (commit.isEmpty() ? "" : " (" + commit + ")")};
    }
}
