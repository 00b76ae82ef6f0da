package org.hoverla.sim.rc;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.hoverla.core.mavlink.dialect.HoverlaDialect;
import io.dronefleet.mavlink.common.ManualControl;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.manual.ManualControlService;

/**
 * A ground station's joystick: MAVLink MANUAL_CONTROL at QGroundControl's 25 Hz (its default
 * joystick axis rate), handed to the vehicle's {@link ManualControlService} as the MAVLink thread
 * would between flight cycles, from system 255 component 190 (QGC). Axes in MAVLink units:
 * x pitch, y roll, r yaw -1000..1000, z throttle 0..1000.
 *
 * <p>Simulation thread only; deterministic (sends on the vehicle clock). Allocates a message per
 * send, off the flight thread.
 */
public final class JoystickSticks implements PilotSticks {
    /** QGC's joystick message period. */
    public static final long PERIOD_NS = 40_000_000L;
    private static final int GCS_SYSTEM = 255;
    private static final int GCS_COMPONENT = 190;

    private final ManualControlService service;
    private final int targetSystem;
    private final MavlinkLink link = new MavlinkLink() {
        @Override
        public int id() {
            return 0;
        }

        @Override
        public String name() {
            return "sim:joystick";
        }
    };
    private double roll;
    private double pitch;
    private double yaw;
    private double throttle = 0.5;
    private boolean up = true;
    private long nextSendNs = Long.MIN_VALUE;
    private long sent;

    public JoystickSticks(ManualControlService service, int targetSystem) {
        this.service = service;
        this.targetSystem = targetSystem;
    }

    @Override
    public void sticks(double roll, double pitch, double yaw, double throttle) {
        this.roll = roll;
        this.pitch = pitch;
        this.yaw = yaw;
        this.throttle = throttle;
    }

    @Override
    public void link(boolean up) {
        this.up = up;
    }

    @Override
    public void update(long nowNs) {
        if (nowNs < nextSendNs) {
            return;
        }
        nextSendNs = nowNs + PERIOD_NS;
        if (!up) {
            return;
        }
        ManualControl m = ManualControl.builder().target(targetSystem)
                .x(axis(pitch)).y(axis(roll)).z((int) Math.round(clamp(throttle, 0.0, 1.0) * 1000.0)).r(axis(yaw))
                .build();
        service.onMessage(link, frame(m), nowNs);
        sent++;
    }

    /** MANUAL_CONTROL messages sent so far. */
    public long sent() {
        return sent;
    }

    /** The message as the vehicle's decoder hands it over: encoded as MAVLink 2, then parsed back. */
    private static MavlinkMessage<?> frame(Object payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            MavlinkConnection.create(new ByteArrayInputStream(new byte[0]), bytes).send2(GCS_SYSTEM, GCS_COMPONENT, payload);
            return MavlinkConnection.builder(new ByteArrayInputStream(bytes.toByteArray()), new ByteArrayOutputStream())
                    .defaultDialect(new HoverlaDialect()).build().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int axis(double v) {
        return (int) Math.round(clamp(v, -1.0, 1.0) * 1000.0);
    }

    private static double clamp(double v, double lo, double hi) {
        return Double.isNaN(v) ? (lo + hi) / 2.0 : Math.max(lo, Math.min(hi, v));
    }
}
