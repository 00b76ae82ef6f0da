package org.hoverla.sim.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.msg.VehicleAttitude;
import org.hoverla.core.msg.VehicleAttitudeSetpoint;
import org.hoverla.core.msg.VehicleLandDetected;
import org.hoverla.core.msg.VehicleLocalPosition;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.sim.lockstep.FlightLoop;

/**
 * A CSV time series of truth and flight-code state at a fixed simulated rate, for plotting
 * and for finding out what went wrong in a flight. Writes from the simulator thread; it is a
 * tool for people, not part of the flight code.
 */
public final class FlightTrace implements AutoCloseable {
    private static final String HEADER = "t_s,mode,armed,landed,ground_contact,"
            + "truth_n_m,truth_e_m,truth_d_m,truth_vn_mps,truth_ve_mps,truth_vd_mps,"
            + "truth_roll_deg,truth_pitch_deg,truth_yaw_deg,"
            + "est_n_m,est_e_m,est_d_m,est_vn_mps,est_ve_mps,est_vd_mps,est_roll_deg,est_pitch_deg,est_yaw_deg,"
            + "sp_roll_deg,sp_pitch_deg,sp_yaw_deg,thrust_sp,m1,m2,m3,m4,wind_n_mps,wind_e_mps,"
            + "gnss_n_m,gnss_e_m,gnss_d_m";

    private final FlightLoop sim;
    private final BufferedWriter out;
    private final long periodNs;
    private final Subscription<VehicleStatus> statusSub;
    private final Subscription<VehicleLandDetected> landSub;
    private final Subscription<VehicleLocalPosition> positionSub;
    private final Subscription<VehicleAttitude> attitudeSub;
    private final Subscription<VehicleAttitudeSetpoint> attitudeSpSub;
    private final VehicleStatus status = new VehicleStatus();
    private final VehicleLandDetected land = new VehicleLandDetected();
    private final VehicleLocalPosition position = new VehicleLocalPosition();
    private final VehicleAttitude attitude = new VehicleAttitude();
    private final VehicleAttitudeSetpoint attitudeSp = new VehicleAttitudeSetpoint();
    private final Vec3 gnssNed = new Vec3();
    private long nextNs;

    public FlightTrace(FlightLoop sim, Path file, double rateHz) throws IOException {
        this.sim = sim;
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        this.out = Files.newBufferedWriter(abs);
        this.periodNs = (long) (1e9 / rateHz);
        var bus = sim.stack().bus();
        statusSub = bus.vehicleStatus.subscribe();
        landSub = bus.landDetected.subscribe();
        positionSub = bus.localPosition.subscribe();
        attitudeSub = bus.attitude.subscribe();
        attitudeSpSub = bus.attitudeSetpoint.subscribe();
        out.write(HEADER);
        out.newLine();
    }

    /** Writes a row when the trace period has passed. */
    public void sample() throws IOException {
        long now = sim.nowNs();
        if (now < nextNs) {
            return;
        }
        nextNs = now + periodNs;
        statusSub.update(status);
        landSub.update(land);
        positionSub.update(position);
        attitudeSub.update(attitude);
        attitudeSpSub.update(attitudeSp);
        Vec3 p = sim.vehicle().positionNed();
        Vec3 v = sim.vehicle().velocityNed();
        Quat q = sim.vehicle().attitude();
        double[] m = sim.devices().motors.commands();
        StringBuilder b = new StringBuilder(400);
        b.append(String.format(Locale.ROOT, "%.3f,%s,%d,%d,%d", now * 1e-9, status.mode, status.armed() ? 1 : 0,
                land.landed ? 1 : 0, land.groundContact ? 1 : 0));
        append(b, p.x, p.y, p.z, v.x, v.y, v.z);
        append(b, Math.toDegrees(q.roll()), Math.toDegrees(q.pitch()), Math.toDegrees(q.yaw()));
        append(b, position.posNedM.x, position.posNedM.y, position.posNedM.z, position.velNedMps.x,
                position.velNedMps.y, position.velNedMps.z);
        append(b, Math.toDegrees(attitude.q.roll()), Math.toDegrees(attitude.q.pitch()),
                Math.toDegrees(attitude.q.yaw()));
        append(b, Math.toDegrees(attitudeSp.qSp.roll()), Math.toDegrees(attitudeSp.qSp.pitch()),
                Math.toDegrees(attitudeSp.qSp.yaw()), attitudeSp.thrustNorm);
        for (int i = 0; i < 4; i++) {
            append(b, i < m.length ? m[i] : Double.NaN);
        }
        append(b, sim.windNedMps().x, sim.windNedMps().y);
        var g = sim.devices().gnss.sample;
        sim.homeRef().toNed(g.latDeg, g.lonDeg, g.altMslM, gnssNed);
        append(b, gnssNed.x, gnssNed.y, gnssNed.z);
        out.write(b.toString());
        out.newLine();
    }

    private static void append(StringBuilder b, double... values) {
        for (double value : values) {
            b.append(',').append(String.format(Locale.ROOT, "%.4f", value));
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
