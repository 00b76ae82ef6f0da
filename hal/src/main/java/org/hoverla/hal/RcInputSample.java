package org.hoverla.hal;

/** One frame from an RC receiver. Channel values are pulse widths in microseconds (1000..2000 nominal). */
public final class RcInputSample {
    public static final int MAX_CHANNELS = 18;

    public long timestampSampleNs;
    public int channelCount;
    public final int[] channelsUs = new int[MAX_CHANNELS];
    /** Receiver signals failsafe (link lost) even though frames keep coming. */
    public boolean failsafe;
    /** Received signal strength 0..100 %, -1 when unknown. */
    public int rssiPct = -1;

    public void copyFrom(RcInputSample s) {
        timestampSampleNs = s.timestampSampleNs;
        channelCount = s.channelCount;
        System.arraycopy(s.channelsUs, 0, channelsUs, 0, MAX_CHANNELS);
        failsafe = s.failsafe;
        rssiPct = s.rssiPct;
    }
}
