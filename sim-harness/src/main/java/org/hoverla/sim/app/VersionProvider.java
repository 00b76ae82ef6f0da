package org.hoverla.sim.app;

import picocli.CommandLine;

/** The version comes from the jar manifest written by the build (Implementation-Version). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = HoverlaMain.class.getPackage().getImplementationVersion();
        return new String[] {"hoverla " + (v == null ? "development build" : v)};
    }
}
