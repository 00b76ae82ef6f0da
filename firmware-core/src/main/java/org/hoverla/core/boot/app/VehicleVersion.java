package org.hoverla.core.boot.app;

import picocli.CommandLine;

/**
 * {@code --version}: the artifact's version, the git commit it was built from and the release key
 * that signed it (as {@code hoverla version} and AUTOPILOT_VERSION show them).
 */
public final class VehicleVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = org.hoverla.core.mavlink.telemetry.VehicleIdentity.manifestVersion();
        String commit = org.hoverla.core.BuildInfo.gitCommit();
        String signer = org.hoverla.core.update.RunningRelease.signerOfThisBuild();
        return new String[] {"Hoverla vehicle " + (version == null ? "(development build)" : version)
                + (commit.isEmpty() ? "" : " (" + commit + ")")
                + (signer == null ? ", unsigned development build" : ", signed by release key " + signer)};
    }
}
