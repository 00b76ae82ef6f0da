package org.hoverla.hal;

/** One frame from an RC receiver. Channel values are pulse widths in microseconds (1000..2000 nominal). */
public final class RcInputSample {
    public static final int MAX_CHANNELS = 18;

    public long timestampSampleNs;
    public int channelCount;
    public final int[] channelsUs = new int[MAX_CHANNELS];
    /**
     * Receiver signals failsafe (link lost) even though frames keep coming. Parsers that set it also set
     * {@link #channelCount} to 0, so failsafe output of a receiver is never read as sticks.
     */
    public boolean failsafe;
    /** Received signal strength 0..100 %, -1 when unknown. */
    public int rssiPct = -1;
    /** Uplink link quality 0..100 % (CRSF LQ: share of packets received), -1 when the protocol has none. */
    public int linkQualityPct = -1;
    /**
     * The receiver reports that the radio frame behind this sample was lost and the channels are held
     * from an earlier one (SBUS frame-lost flag). The channels are still the receiver's latest valid ones.
     */
    public boolean frameLost;
    /** Uplink RSSI of the receiver's active antenna, dBm (CRSF LINK_STATISTICS); NaN when the protocol has none. */
    public float rssiDbm = Float.NaN;
    /** Uplink signal-to-noise ratio, dB (CRSF LINK_STATISTICS); NaN when the protocol has none. */
    public float snrDb = Float.NaN;

    public void copyFrom(RcInputSample s) {
        timestampSampleNs = s.timestampSampleNs;
        channelCount = s.channelCount;
        System.arraycopy(s.channelsUs, 0, channelsUs, 0, MAX_CHANNELS);
        failsafe = s.failsafe;
        rssiPct = s.rssiPct;
        linkQualityPct = s.linkQualityPct;
        frameLost = s.frameLost;
        rssiDbm = s.rssiDbm;
        snrDb = s.snrDb;
    }
}
