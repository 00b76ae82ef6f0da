package org.hoverla.core.mavlink.link;

/** Sets the receive counters of a {@link LinkStats} from tests in other packages. */
public final class LinkStatsFixture {
    private LinkStatsFixture() {
    }

    public static void set(LinkStats stats, long framesReceived, long framesLost, long crcErrors, long decodeErrors) {
        stats.framesReceived = framesReceived;
        stats.framesLost = framesLost;
        stats.crcErrors = crcErrors;
        stats.decodeErrors = decodeErrors;
    }
}
