package org.hoverla.core.mavlink.manual;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.RcChannelsOverride;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.hal.RcInputSample;

/**
 * MAVLink RC_CHANNELS_OVERRIDE (id 70) as RC input, as PX4's
 * {@code MavlinkReceiver::handle_message_rc_channels_override} makes it an {@code input_rc} with
 * source MAVLink: raw pulse widths that the rc_input task calibrates and maps like a receiver's
 * (it uses them while no receiver frame arrived for COM_RC_LOSS_T).
 *
 * <p>Channel count as PX4 counts it: the highest channel that is not ignored, where UINT16_MAX
 * means "ignore" on every channel and 0 means "ignore" on channels 9–18. An ignored channel
 * below the count is sent as 0 µs, which the rc_input task refuses as implausible (counted):
 * Hoverla has no second RC stream to take that channel from, so a partial override never flies.
 * A message for another system is dropped and counted. MAVLink thread; one publisher.
 */
public final class RcChannelsOverrideService implements MavlinkService {
    static final int IGNORE = 0xFFFF;

    private final int systemId;
    private final Publication<RcInputSample> pub;
    private final RcInputSample frame = new RcInputSample();
    private final int[] raw = new int[RcInputSample.MAX_CHANNELS];
    private long accepted;
    private long otherTarget;
    private long refused;
    private org.hoverla.core.mavlink.security.CommandAuthority authority;

    /**
     * Asks {@code authority} before using an RC_CHANNELS_OVERRIDE; null (the default) allows
     * everything. Boot thread, before the links start.
     */
    public void authority(org.hoverla.core.mavlink.security.CommandAuthority authority) {
        this.authority = authority;
    }

    /** RC_CHANNELS_OVERRIDE messages dropped by the command authority. */
    public long refused() {
        return refused;
    }

    public RcChannelsOverrideService(int systemId, FlightBus bus) {
        this.systemId = systemId;
        this.pub = bus.rcOverride.advertise();
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        if (!(message.getPayload() instanceof RcChannelsOverride m)) {
            return;
        }
        if (m.targetSystem() != 0 && m.targetSystem() != systemId) {
            otherTarget++;
            return;
        }
        if (authority != null && !authority.allowChange(source, message.getOriginSystemId(), nowNs)) {
            refused++; // no answer in the protocol: dropped, counted, told by the authority
            return;
        }
        raw[0] = m.chan1Raw();
        raw[1] = m.chan2Raw();
        raw[2] = m.chan3Raw();
        raw[3] = m.chan4Raw();
        raw[4] = m.chan5Raw();
        raw[5] = m.chan6Raw();
        raw[6] = m.chan7Raw();
        raw[7] = m.chan8Raw();
        raw[8] = m.chan9Raw();
        raw[9] = m.chan10Raw();
        raw[10] = m.chan11Raw();
        raw[11] = m.chan12Raw();
        raw[12] = m.chan13Raw();
        raw[13] = m.chan14Raw();
        raw[14] = m.chan15Raw();
        raw[15] = m.chan16Raw();
        raw[16] = m.chan17Raw();
        raw[17] = m.chan18Raw();
        accepted++;
        toFrame(raw, nowNs, frame);
        pub.publish(frame);
    }

    /** PX4's channel rules (class doc) into {@code out}. */
    static void toFrame(int[] raw, long nowNs, RcInputSample out) {
        int count = 0;
        for (int i = RcInputSample.MAX_CHANNELS - 1; i >= 0; i--) {
            boolean ignored = raw[i] == IGNORE || (i > 7 && raw[i] == 0);
            if (!ignored) {
                count = i + 1;
                break;
            }
        }
        for (int i = 0; i < RcInputSample.MAX_CHANNELS; i++) {
            out.channelsUs[i] = i < count && raw[i] != IGNORE ? raw[i] : 0;
        }
        out.timestampSampleNs = nowNs;
        out.channelCount = count;
        out.failsafe = false;
        out.frameLost = false;
        out.rssiPct = 100;
        out.linkQualityPct = -1;
    }

    public long accepted() {
        return accepted;
    }

    public long otherTarget() {
        return otherTarget;
    }
}
