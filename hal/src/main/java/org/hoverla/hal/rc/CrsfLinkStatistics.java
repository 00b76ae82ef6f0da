package org.hoverla.hal.rc;

/**
 * The newest CRSF LINK_STATISTICS frame (type 0x14), field by field as the receiver sent it (TBS CRSF
 * specification, "0x14 Link Statistics"; ExpressLRS sends it a few times a second). Owned and
 * written by {@link CrsfParser} on the receiver's reader thread; copy it with {@link #copyFrom}
 * before handing it to another thread.
 */
public final class CrsfLinkStatistics {
    /** Uplink (transmitter → receiver) RSSI of antenna 1, dBm (the wire carries it negated). */
    public int uplinkRssiAnt1Dbm;
    /** Uplink RSSI of antenna 2, dBm. */
    public int uplinkRssiAnt2Dbm;
    /** Uplink link quality, 0..100 % of packets received. */
    public int uplinkLinkQualityPct;
    /** Uplink signal-to-noise ratio, dB (signed). */
    public int uplinkSnrDb;
    /** Antenna the receiver uses (0 or 1). */
    public int activeAntenna;
    /** Radio mode index; for ExpressLRS the packet-rate index of the current air rate. */
    public int rfMode;
    /** Transmitter power as the specification's enumeration (0..8), see {@link #uplinkTxPowerMw()}. */
    public int uplinkTxPowerIndex;
    /** Downlink (receiver → transmitter) RSSI, dBm. */
    public int downlinkRssiDbm;
    /** Downlink link quality, 0..100 %. */
    public int downlinkLinkQualityPct;
    /** Downlink signal-to-noise ratio, dB (signed). */
    public int downlinkSnrDb;
    /** Reception time of the frame, ns on the caller's clock; 0 before the first frame. */
    public long timestampNs;

    private static final int[] TX_POWER_MW = {0, 10, 25, 100, 500, 1000, 2000, 250, 50};

    /** The transmitter power in mW, or -1 for an index the specification does not list. */
    public int uplinkTxPowerMw() {
        return uplinkTxPowerIndex >= 0 && uplinkTxPowerIndex < TX_POWER_MW.length ? TX_POWER_MW[uplinkTxPowerIndex] : -1;
    }

    public void copyFrom(CrsfLinkStatistics s) {
        uplinkRssiAnt1Dbm = s.uplinkRssiAnt1Dbm;
        uplinkRssiAnt2Dbm = s.uplinkRssiAnt2Dbm;
        uplinkLinkQualityPct = s.uplinkLinkQualityPct;
        uplinkSnrDb = s.uplinkSnrDb;
        activeAntenna = s.activeAntenna;
        rfMode = s.rfMode;
        uplinkTxPowerIndex = s.uplinkTxPowerIndex;
        downlinkRssiDbm = s.downlinkRssiDbm;
        downlinkLinkQualityPct = s.downlinkLinkQualityPct;
        downlinkSnrDb = s.downlinkSnrDb;
        timestampNs = s.timestampNs;
    }
}
