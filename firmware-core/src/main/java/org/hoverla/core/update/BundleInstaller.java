package org.hoverla.core.update;

import java.nio.file.Path;

/**
 * Verifies one release bundle and installs it beside the running version, switching
 * {@code current} to it: what {@code ./hoverla update} and {@code MAV_CMD_DO_UPGRADE} both run.
 * Blocking file I/O: never on the flight thread or the MAVLink event loop.
 */
public interface BundleInstaller {
    /**
     * @param bundle         the {@code hoverla-VERSION.tar}
     * @param signature      its minisign signature ({@code BUNDLE.minisig})
     * @param allowDowngrade whether an older (or the same) version may replace the running one
     * @return the version now in {@code current} (committed at the next start's boot check)
     * @throws UpdateRefusedException with one line saying why; the running version is untouched
     */
    String install(Path bundle, Path signature, boolean allowDowngrade) throws UpdateRefusedException;
}
