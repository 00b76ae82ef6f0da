package org.hoverla.sim.lockstep;

import java.nio.ByteBuffer;
import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Topic;
import org.hoverla.core.log.FlightLogRecorder;
import org.hoverla.core.log.LogFormat;
import org.hoverla.core.log.LoggedTopic;
import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Quat;
import org.hoverla.core.math.Vec3;
import org.hoverla.sim.physics.MulticopterSim;

/**
 * The simulator's ground truth in the flight log, as PX4's SITL logs it:
 * {@code vehicle_attitude_groundtruth} (q) and {@code vehicle_local_position_groundtruth} (x, y, z,
 * vx, vy, vz, heading in the simulated home's NED frame, with that home as ref_lat/ref_lon/ref_alt),
 * so a replay or a report can judge the estimator against the truth. Published every step on the
 * simulation thread; recorded at 50 Hz.
 */
public final class SimTruthLog {
    private static final long HZ_50 = 20_000_000L;

    /** One sample of the truth. */
    public static final class Truth {
        long timestampNs;
        final Quat q = new Quat();
        final Vec3 posNedM = new Vec3();
        final Vec3 velNedMps = new Vec3();

        void copyFrom(Truth t) {
            timestampNs = t.timestampNs;
            q.set(t.q);
            posNedM.set(t.posNedM);
            velNedMps.set(t.velNedMps);
        }
    }

    private final Publication<Truth> publication;
    private final Truth scratch = new Truth();

    private SimTruthLog(Publication<Truth> publication) {
        this.publication = publication;
    }

    /** Adds the two truth topics to the recorder (boot, before the first cycle). */
    public static SimTruthLog register(FlightLogRecorder recorder, GeoRef home) {
        Topic<Truth> topic = new Topic<>("groundtruth", new Truth(), Truth::copyFrom);
        recorder.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_attitude_groundtruth").f32("q", 4).build(), 0,
                topic.subscribe(), Truth::new, SimTruthLog::attitude, HZ_50));
        double refLat = home.refLatDeg();
        double refLon = home.refLonDeg();
        double refAlt = home.refAltM();
        recorder.addTopic(new LoggedTopic<>(LogFormat.of("vehicle_local_position_groundtruth").f32("x").f32("y")
                .f32("z").f32("vx").f32("vy").f32("vz").f32("heading").f64("ref_lat").f64("ref_lon").f32("ref_alt")
                .build(), 0, topic.subscribe(), Truth::new, (t, o) -> position(t, o, refLat, refLon, refAlt), HZ_50));
        return new SimTruthLog(topic.advertise());
    }

    /** Publishes the vehicle's true state (simulation thread, after the world step). */
    public void publish(long nowNs, MulticopterSim vehicle) {
        scratch.timestampNs = nowNs;
        scratch.q.set(vehicle.attitude());
        scratch.posNedM.set(vehicle.positionNed());
        scratch.velNedMps.set(vehicle.velocityNed());
        publication.publish(scratch);
    }

    private static void attitude(Truth t, ByteBuffer o) {
        o.putLong(t.timestampNs / 1000L);
        o.putFloat((float) t.q.w).putFloat((float) t.q.x).putFloat((float) t.q.y).putFloat((float) t.q.z);
    }

    private static void position(Truth t, ByteBuffer o, double refLat, double refLon, double refAlt) {
        o.putLong(t.timestampNs / 1000L);
        o.putFloat((float) t.posNedM.x).putFloat((float) t.posNedM.y).putFloat((float) t.posNedM.z);
        o.putFloat((float) t.velNedMps.x).putFloat((float) t.velNedMps.y).putFloat((float) t.velNedMps.z);
        o.putFloat((float) t.q.yaw());
        o.putDouble(refLat).putDouble(refLon).putFloat((float) refAlt);
    }
}
