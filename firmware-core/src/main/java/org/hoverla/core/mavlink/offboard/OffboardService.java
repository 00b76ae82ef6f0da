package org.hoverla.core.mavlink.offboard;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.MavFrame;
import io.dronefleet.mavlink.common.MavSeverity;
import io.dronefleet.mavlink.common.PositionTargetLocalNed;
import io.dronefleet.mavlink.common.PositionTargetTypemask;
import io.dronefleet.mavlink.common.SetAttitudeTarget;
import io.dronefleet.mavlink.common.SetPositionTargetGlobalInt;
import io.dronefleet.mavlink.common.SetPositionTargetLocalNed;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.util.EnumValue;
import java.util.List;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.link.EnumValues;
import org.hoverla.core.msg.HomePosition;
import org.hoverla.core.msg.OffboardSetpoint;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.vehicle.FlightBus;

/**
 * Offboard control: SET_POSITION_TARGET_LOCAL_NED, SET_POSITION_TARGET_GLOBAL_INT and
 * SET_ATTITUDE_TARGET become the {@link OffboardSetpoint} topic (SI, local NED), which the
 * commander watches for stream health and the navigator follows in Offboard mode. The newest
 * accepted target is echoed as POSITION_TARGET_LOCAL_NED at 4 Hz while the stream lives.
 *
 * <p>Type-mask bits (MAVLink POSITION_TARGET_TYPEMASK) mark ignored fields, which become NaN.
 * Frames: LOCAL_NED as is; LOCAL_OFFSET_NED positions are offsets from the current position;
 * BODY_NED and BODY_OFFSET_NED rotate horizontal vectors by the current heading and take
 * positions as offsets from the current position (as PX4 does); GLOBAL_INT is AMSL,
 * GLOBAL_RELATIVE_ALT_INT relative to home; terrain frames are refused. Targets with
 * infinite values, or more than {@link #MAX_OFFSET_M} away, are dropped and counted.
 *
 * <p>SET_ATTITUDE_TARGET is flown when it carries an attitude and a thrust (the position
 * controller is bypassed; a thrust above hover takes off from the ground). A body-rate-only or
 * thrust-less target cannot be flown here: it is dropped and a STATUSTEXT says why, at most once
 * every {@link #REFUSAL_TEXT_PERIOD_NS} while such targets keep coming (MAVSDK streams at 20 Hz).
 *
 * <p>MAVLink thread only; it is the one publisher of the offboard topic.
 */
public final class OffboardService implements MavlinkService {
    /** The three setpoint messages this service accepts (PX4's offboard interface). */
    @Override
    public long capabilities() {
        return org.hoverla.core.mavlink.MavlinkCapabilities.SET_POSITION_TARGET_LOCAL_NED
                | org.hoverla.core.mavlink.MavlinkCapabilities.SET_POSITION_TARGET_GLOBAL_INT
                | org.hoverla.core.mavlink.MavlinkCapabilities.SET_ATTITUDE_TARGET;
    }

    public static final double MAX_OFFSET_M = 10_000.0;
    private static final long ECHO_PERIOD_NS = 250_000_000L;
    private static final long STREAM_ALIVE_NS = 1_000_000_000L;
    static final long REFUSAL_TEXT_PERIOD_NS = 5_000_000_000L;
    static final String TEXT_NO_RATES = "Offboard: body-rate targets unsupported, dropped";
    static final String TEXT_NO_THRUST = "Offboard: attitude target without thrust, dropped";

    private static final int MAV_FRAME_BODY_NED = EnumValue.of(MavFrame.MAV_FRAME_BODY_NED).value();
    private static final int MAV_FRAME_BODY_OFFSET_NED = EnumValue.of(MavFrame.MAV_FRAME_BODY_OFFSET_NED).value();
    private static final int MAV_FRAME_GLOBAL = EnumValue.of(MavFrame.MAV_FRAME_GLOBAL).value();
    private static final int MAV_FRAME_GLOBAL_INT = EnumValue.of(MavFrame.MAV_FRAME_GLOBAL_INT).value();
    private static final int MAV_FRAME_GLOBAL_RELATIVE_ALT = EnumValue.of(MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT).value();
    private static final int MAV_FRAME_GLOBAL_RELATIVE_ALT_INT = EnumValue.of(MavFrame.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT).value();
    private static final int MAV_FRAME_LOCAL_NED = EnumValue.of(MavFrame.MAV_FRAME_LOCAL_NED).value();
    private static final int MAV_FRAME_LOCAL_OFFSET_NED = EnumValue.of(MavFrame.MAV_FRAME_LOCAL_OFFSET_NED).value();
    private static final int IGNORE_X = 1;
    private static final int IGNORE_Y = 1 << 1;
    private static final int IGNORE_Z = 1 << 2;
    private static final int IGNORE_VX = 1 << 3;
    private static final int IGNORE_VY = 1 << 4;
    private static final int IGNORE_VZ = 1 << 5;
    private static final int IGNORE_AX = 1 << 6;
    private static final int IGNORE_AY = 1 << 7;
    private static final int IGNORE_AZ = 1 << 8;
    private static final int IGNORE_YAW = 1 << 10;
    private static final int IGNORE_YAW_RATE = 1 << 11;
    private static final int ATT_IGNORE_YAW_RATE = 1 << 2;
    private static final int ATT_IGNORE_THRUST = 1 << 6;
    private static final int ATT_IGNORE_ATTITUDE = 1 << 7;

    private final int systemId;
    private final int componentId;
    private final MavlinkOutput out;
    private final Publication<OffboardSetpoint> pub;
    private final Subscription<VehicleLocalPosition> positionSub;
    private final Subscription<HomePosition> homeSub;
    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private final HomePosition home = new HomePosition();
    private final OffboardSetpoint setpoint = new OffboardSetpoint();
    private final GeoRef geoRef = new GeoRef();
    private final Vec3 tmp = new Vec3();
    private long accepted;
    private long rejected;
    private long nextEchoNs;
    private int lastFrame = MAV_FRAME_LOCAL_NED;
    private int lastTypeMask;
    private long nextRefusalTextNs = Long.MIN_VALUE;
    private long refusedByAuthority;
    private org.hoverla.core.mavlink.security.CommandAuthority authority;

    public OffboardService(int systemId, int componentId, FlightBus bus, MavlinkOutput out) {
        this.systemId = systemId;
        this.componentId = componentId;
        this.out = out;
        this.pub = bus.offboardSetpoint.advertise();
        this.positionSub = bus.localPosition.subscribe();
        this.homeSub = bus.homePosition.subscribe();
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        Object p = message.getPayload();
        boolean ok;
        if (p instanceof SetPositionTargetLocalNed) {
            SetPositionTargetLocalNed m = (SetPositionTargetLocalNed) p;
            if (!forUs(m.targetSystem(), m.targetComponent()) || !authorised(source, message, nowNs)) {
                return;
            }
            ok = local(m);
        } else if (p instanceof SetPositionTargetGlobalInt) {
            SetPositionTargetGlobalInt m = (SetPositionTargetGlobalInt) p;
            if (!forUs(m.targetSystem(), m.targetComponent()) || !authorised(source, message, nowNs)) {
                return;
            }
            ok = global(m);
        } else if (p instanceof SetAttitudeTarget) {
            SetAttitudeTarget m = (SetAttitudeTarget) p;
            if (!forUs(m.targetSystem(), m.targetComponent()) || !authorised(source, message, nowNs)) {
                return;
            }
            ok = attitude(m, nowNs);
        } else {
            return;
        }
        if (ok) {
            accepted++;
            setpoint.timestampNs = nowNs;
            setpoint.count = accepted;
            pub.publish(setpoint);
        } else {
            rejected++;
        }
    }

    /**
     * Asks {@code authority} before using a setpoint (allow-list, the offboard session's owner); null (the default) allows
     * everything. Boot thread, before the links start.
     */
    public void authority(org.hoverla.core.mavlink.security.CommandAuthority authority) {
        this.authority = authority;
    }

    /** Setpoints dropped by the command authority (sender not allowed, or not the session's owner). */
    public long refusedByAuthority() {
        return refusedByAuthority;
    }

    private boolean authorised(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        if (authority == null || authority.allowSetpoint(source, message.getOriginSystemId(),
                message.getOriginComponentId(), nowNs)) {
            return true;
        }
        refusedByAuthority++;
        return false;
    }

    private boolean forUs(int targetSystem, int targetComponent) {
        return targetSystem == systemId && (targetComponent == componentId || targetComponent == 0);
    }

    private boolean local(SetPositionTargetLocalNed m) {
        positionSub.update(position);
        int mask = m.typeMask().value();
        int frame = m.coordinateFrame().value();
        boolean offsetPosition;
        boolean body;
        if (frame == MAV_FRAME_LOCAL_NED) {
            offsetPosition = false;
            body = false;
        } else if (frame == MAV_FRAME_LOCAL_OFFSET_NED) {
            offsetPosition = true;
            body = false;
        } else if (frame == MAV_FRAME_BODY_NED || frame == MAV_FRAME_BODY_OFFSET_NED) {
            offsetPosition = true;
            body = true;
        } else {
            return false;
        }
        double heading = Double.isFinite(position.headingRad) ? position.headingRad : 0.0;
        clearTranslation(mask, m.yaw(), m.yawRate());
        setVector(setpoint.posNedM, mask, IGNORE_X, IGNORE_Y, IGNORE_Z, m.x(), m.y(), m.z(), body, heading);
        setVector(setpoint.velNedMps, mask, IGNORE_VX, IGNORE_VY, IGNORE_VZ, m.vx(), m.vy(), m.vz(), body, heading);
        setVector(setpoint.accNedMps2, mask, IGNORE_AX, IGNORE_AY, IGNORE_AZ, m.afx(), m.afy(), m.afz(), body, heading);
        if (offsetPosition) {
            setpoint.posNedM.add(position.posNedM);
        }
        if (body && Double.isFinite(setpoint.yawRad)) {
            setpoint.yawRad += heading;
        }
        lastFrame = frame;
        lastTypeMask = mask;
        return plausible();
    }

    private boolean global(SetPositionTargetGlobalInt m) {
        positionSub.update(position);
        homeSub.update(home);
        int mask = m.typeMask().value();
        int frame = m.coordinateFrame().value();
        boolean relative;
        if (frame == MAV_FRAME_GLOBAL_INT || frame == MAV_FRAME_GLOBAL) {
            relative = false;
        } else if (frame == MAV_FRAME_GLOBAL_RELATIVE_ALT_INT
                || frame == MAV_FRAME_GLOBAL_RELATIVE_ALT) {
            relative = true;
        } else {
            return false;
        }
        if (!position.refValid || (relative && !home.valid && (mask & IGNORE_Z) == 0)) {
            return false;
        }
        clearTranslation(mask, m.yaw(), m.yawRate());
        geoRef.reset(position.refLatDeg, position.refLonDeg, position.refAltM);
        double alt = relative ? m.alt() + home.altAmslM : m.alt();
        geoRef.toNed(m.latInt() * 1e-7, m.lonInt() * 1e-7, alt, tmp);
        setVector(setpoint.posNedM, mask, IGNORE_X, IGNORE_Y, IGNORE_Z, tmp.x, tmp.y, tmp.z, false, 0.0);
        setVector(setpoint.velNedMps, mask, IGNORE_VX, IGNORE_VY, IGNORE_VZ, m.vx(), m.vy(), m.vz(), false, 0.0);
        setVector(setpoint.accNedMps2, mask, IGNORE_AX, IGNORE_AY, IGNORE_AZ, m.afx(), m.afy(), m.afz(), false, 0.0);
        lastFrame = MAV_FRAME_LOCAL_NED;
        lastTypeMask = mask;
        return plausible();
    }

    private boolean attitude(SetAttitudeTarget m, long nowNs) {
        int mask = m.typeMask().value();
        List<Float> q = m.q();
        if ((mask & ATT_IGNORE_ATTITUDE) != 0 || (mask & ATT_IGNORE_THRUST) != 0) {
            // Rate-only or thrust-less targets need a rate interface the flight code lacks yet.
            refuse((mask & ATT_IGNORE_ATTITUDE) != 0 ? TEXT_NO_RATES : TEXT_NO_THRUST, nowNs);
            return false;
        }
        if (q == null || q.size() < 4) {
            return false;
        }
        setpoint.attitudeTarget = true;
        setpoint.qSp.set(q.get(0), q.get(1), q.get(2), q.get(3));
        double norm = setpoint.qSp.norm();
        if (!setpoint.qSp.isFinite() || norm < 0.5 || norm > 1.5 || !Float.isFinite(m.thrust())
                || m.thrust() < 0f || m.thrust() > 1f) {
            return false;
        }
        setpoint.qSp.normalize();
        setpoint.thrustNorm = m.thrust();
        setpoint.yawRateRadps = (mask & ATT_IGNORE_YAW_RATE) != 0 ? Double.NaN : m.bodyYawRate();
        setpoint.posNedM.setNaN();
        setpoint.velNedMps.setNaN();
        setpoint.accNedMps2.setNaN();
        setpoint.yawRad = Double.NaN;
        return Double.isNaN(setpoint.yawRateRadps) || Double.isFinite(setpoint.yawRateRadps);
    }

    /** Tells the operator why targets are dropped, not at the stream's rate. */
    private void refuse(String text, long nowNs) {
        if (nowNs < nextRefusalTextNs) {
            return;
        }
        nextRefusalTextNs = nowNs + REFUSAL_TEXT_PERIOD_NS;
        // Under 50 characters: one STATUSTEXT with id 0, as StatusTextSender sends short texts.
        out.send(null, Statustext.builder().severity(MavSeverity.MAV_SEVERITY_WARNING).text(text).id(0)
                .chunkSeq(0).build());
    }

    private void clearTranslation(int mask, float yaw, float yawRate) {
        setpoint.attitudeTarget = false;
        setpoint.thrustNorm = Double.NaN;
        setpoint.yawRad = (mask & IGNORE_YAW) != 0 ? Double.NaN : yaw;
        setpoint.yawRateRadps = (mask & IGNORE_YAW_RATE) != 0 ? Double.NaN : yawRate;
    }

    private static void setVector(Vec3 v, int mask, int bx, int by, int bz, double x, double y, double z, boolean body,
                                  double heading) {
        if (body) {
            double c = Math.cos(heading);
            double s = Math.sin(heading);
            double n = c * x - s * y;
            double e = s * x + c * y;
            x = n;
            y = e;
        }
        v.x = (mask & bx) != 0 ? Double.NaN : x;
        v.y = (mask & by) != 0 ? Double.NaN : y;
        v.z = (mask & bz) != 0 ? Double.NaN : z;
    }

    /** Rejects infinities and targets absurdly far away; NaN (ignored) fields pass. */
    private boolean plausible() {
        return okComponent(setpoint.posNedM.x, MAX_OFFSET_M) && okComponent(setpoint.posNedM.y, MAX_OFFSET_M)
                && okComponent(setpoint.posNedM.z, MAX_OFFSET_M) && okComponent(setpoint.velNedMps.x, 100)
                && okComponent(setpoint.velNedMps.y, 100) && okComponent(setpoint.velNedMps.z, 100)
                && okComponent(setpoint.accNedMps2.x, 100) && okComponent(setpoint.accNedMps2.y, 100)
                && okComponent(setpoint.accNedMps2.z, 100) && !Double.isInfinite(setpoint.yawRad)
                && !Double.isInfinite(setpoint.yawRateRadps);
    }

    private static boolean okComponent(double v, double limit) {
        return Double.isNaN(v) || Math.abs(v) <= limit;
    }

    @Override
    public void tick(long nowNs) {
        if (accepted == 0 || nowNs < nextEchoNs || nowNs - setpoint.timestampNs > STREAM_ALIVE_NS
                || setpoint.attitudeTarget) {
            return;
        }
        nextEchoNs = nowNs + ECHO_PERIOD_NS;
        out.send(null, PositionTargetLocalNed.builder()
                .timeBootMs(nowNs / 1_000_000L)
                .coordinateFrame(MavFrame.MAV_FRAME_LOCAL_NED)
                .typeMask(EnumValues.of(PositionTargetTypemask.class, lastTypeMask))
                .x((float) setpoint.posNedM.x).y((float) setpoint.posNedM.y).z((float) setpoint.posNedM.z)
                .vx((float) setpoint.velNedMps.x).vy((float) setpoint.velNedMps.y).vz((float) setpoint.velNedMps.z)
                .afx((float) setpoint.accNedMps2.x).afy((float) setpoint.accNedMps2.y)
                .afz((float) setpoint.accNedMps2.z)
                .yaw((float) setpoint.yawRad).yawRate((float) setpoint.yawRateRadps)
                .build());
    }

    public long accepted() {
        return accepted;
    }

    public long rejected() {
        return rejected;
    }
}
