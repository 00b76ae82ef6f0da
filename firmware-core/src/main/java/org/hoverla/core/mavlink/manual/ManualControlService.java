package org.hoverla.core.mavlink.manual;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.ManualControl;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.math.Angles;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.msg.ManualControlSetpoint;
import org.hoverla.core.vehicle.FlightBus;

/**
 * MAVLink MANUAL_CONTROL (id 69): a ground station's joystick, as QGroundControl sends it while
 * its joystick or virtual joystick is enabled (nothing otherwise). Each message addressed to this
 * system (target 0 = broadcast, or our system id) becomes the {@code manual_control_input_mavlink}
 * topic; the rc_input task's ManualInputSelector decides by COM_RC_IN_MODE whether it or the RC
 * receiver flies (the navigator in Position and Altitude modes, the commander's stick gestures).
 *
 * <p>Axis scaling follows PX4's {@code MavlinkReceiver::handle_message_manual_control}: x (pitch,
 * forward +), y (roll, right +), r (yaw, nose right +) are -1000..1000 → -1..1; z (throttle) is
 * 0..1000 → 0..1 (PX4 reads z as 0..1000 "for backwards compatibility", and QGC sends that range
 * to PX4). Out-of-range values are clamped. INT16_MAX in an axis means "invalid / unused"
 * (mavlink.io MANUAL_CONTROL) and reads as a centred stick (throttle 0.5 = hold altitude).
 * MANUAL_CONTROL has no acknowledgement in the protocol: a message for another system is
 * dropped and counted, nothing is sent back.
 *
 * <p>MAVLink thread only; it is the one publisher of the MAVLink manual-input topic. Nothing
 * allocated per message beyond what the MAVLink library decodes.
 */
public final class ManualControlService implements MavlinkService {
    /** mavlink.io: INT16_MAX marks an axis the sender does not use. */
    public static final int AXIS_UNUSED = Short.MAX_VALUE;
    private static final double FULL_SCALE = 1000.0;

    private final int systemId;
    private final Publication<ManualControlSetpoint> pub;
    private final ManualControlSetpoint input = new ManualControlSetpoint();
    private long accepted;
    private long otherTarget;
    private long refused;
    private org.hoverla.core.mavlink.security.CommandAuthority authority;

    public ManualControlService(int systemId, FlightBus bus) {
        this.systemId = systemId;
        this.pub = bus.manualControlMavlink.advertise();
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        Object p = message.getPayload();
        if (!(p instanceof ManualControl)) {
            return;
        }
        ManualControl m = (ManualControl) p;
        if (m.target() != 0 && m.target() != systemId) {
            otherTarget++;
            return;
        }
        if (authority != null && !authority.allowChange(source, message.getOriginSystemId(), nowNs)) {
            refused++; // no answer in the protocol: dropped, counted, told by the authority
            return;
        }
        accepted++;
        input.timestampNs = nowNs;
        input.count = accepted;
        input.pitchNorm = symmetric(m.x());
        input.rollNorm = symmetric(m.y());
        input.yawNorm = symmetric(m.r());
        input.throttleNorm = m.z() == AXIS_UNUSED ? 0.5 : Angles.clamp(m.z() / FULL_SCALE, 0.0, 1.0);
        input.buttons = m.buttons();
        input.source = ManualControlSetpoint.SOURCE_MAVLINK;
        pub.publish(input);
    }

    /**
     * Asks {@code authority} before using a MANUAL_CONTROL; null (the default) allows
     * everything. Boot thread, before the links start.
     */
    public void authority(org.hoverla.core.mavlink.security.CommandAuthority authority) {
        this.authority = authority;
    }

    /** MANUAL_CONTROL messages dropped by the command authority. */
    public long refused() {
        return refused;
    }

    /** -1000..1000 → -1..1, clamped; the unused marker reads as centred. */
    static double symmetric(int raw) {
        return raw == AXIS_UNUSED ? 0.0 : Angles.clamp(raw / FULL_SCALE, -1.0, 1.0);
    }

    /** Messages for this system turned into stick input. */
    public long accepted() {
        return accepted;
    }

    /** Messages addressed to another system, dropped. */
    public long otherTarget() {
        return otherTarget;
    }
}
