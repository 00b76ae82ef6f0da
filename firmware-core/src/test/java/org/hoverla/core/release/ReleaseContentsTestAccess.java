package org.hoverla.core.release;

/** The SBOM fixture of {@link ReleaseContentsTest}, for tests in other packages. */
public final class ReleaseContentsTestAccess {
    public static final String SBOM = ReleaseContentsTest.SBOM;

    private ReleaseContentsTestAccess() {
    }
}
