package org.hoverla.sim.app;

import picocli.CommandLine;

/**
 * The version comes from the jar manifest written by the build (Implementation-Version), the
 * commit from the build too ({@link org.hoverla.core.BuildInfo}; "commit unknown" outside a git
 * clone). The same two go to ground stations in AUTOPILOT_VERSION (VehicleIdentity), with the
 * release key that signed the running release ({@link org.hoverla.core.update.RunningRelease}: the
 * developer CLI is never an installed release, so "unsigned development build").
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = HoverlaMain.class.getPackage().getImplementationVersion();
        String commit = org.hoverla.core.BuildInfo.gitCommit();
        String signer = org.hoverla.core.update.RunningRelease.signerOfThisBuild();
        return new String[] {"hoverla " + (v == null ? "development build" : v)
                + (commit.isEmpty() ? " (commit unknown)" : " (commit " + commit.substring(0, 12) + ")")
                + (signer == null ? ", unsigned development build" : ", signed by release key " + signer)};
    }
}
