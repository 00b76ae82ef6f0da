package org.hoverla.sim.simapi;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.HilActuatorControls;
import io.dronefleet.mavlink.common.HilGps;
import io.dronefleet.mavlink.common.HilSensor;
import io.dronefleet.mavlink.common.HilStateQuaternion;
import io.dronefleet.mavlink.minimal.Heartbeat;
import io.dronefleet.mavlink.util.EnumValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.link.MavlinkFrame;
import org.hoverla.core.mavlink.link.MavlinkFrameEncoder;
import org.hoverla.core.mavlink.link.MavlinkFrameParser;
import org.hoverla.core.mavlink.link.MavlinkMessageDecoder;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;
import org.hoverla.core.simapi.HilUnits;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.hoverla.sim.lockstep.SimWorld;
import org.hoverla.sim.physics.MulticopterSim;

/**
 * The simulator's end of PX4's simulator MAVLink API on a real TCP socket, driving a
 * {@link SimWorld}: it listens (port 4560 by default, 0 for an ephemeral port), accepts one
 * vehicle, and in lockstep each {@link #step()}
 * <pre>
 *   world.stepWorld() with the last actuator controls
 *   → HIL_GPS (when the GNSS model delivered a solution) + HIL_STATE_QUATERNION (truth, every
 *     {@code truthEverySteps} steps) + HIL_SENSOR (IMU every step; magnetometer and barometer
 *     when their models delivered), in one write, HIL_SENSOR last
 *   → waits (bounded) for the one HIL_ACTUATOR_CONTROLS with this step's time_usec
 *   → motor commands (controls[i] in [0, 1], zero unless the armed mode flag is set)
 * </pre>
 * The round trip of each step (first byte written to answer decoded) is recorded in an
 * HdrHistogram ({@link #roundTripUs()}). time_usec is the world clock since its start (µs).
 *
 * <p>Bad vehicle behaviour is reported, never waited on: no vehicle within the accept bound →
 * {@link StepResult#NO_VEHICLE}; no answer within the answer bound → {@link StepResult#STALLED}
 * (the motors keep their last commands); end of stream or socket error →
 * {@link StepResult#DISCONNECTED} (the motors stop); answers for other steps are counted as stale
 * and skipped; a non-finite control stops that motor. HEARTBEATs from the vehicle are counted and
 * its armed flag kept.
 *
 * <p>Single-threaded: the stepping thread reads and writes the socket itself (no hand-over
 * between threads on the step's critical path). Allocates per step (MAVLink encoding and
 * decoding in io.dronefleet), which the simulator side can afford.
 */
public final class SimulatorApiServer implements AutoCloseable {
    /** PX4's default simulator port. */
    public static final int DEFAULT_PORT = 4560;
    /** MAVLink ids the simulator sends with (no standard; a simulator component). */
    static final int SYSTEM_ID = 1;
    static final int COMPONENT_ID = 51;
    private static final double SEA_LEVEL_PA = 101_325.0;

    /** What one step came to. */
    public enum StepResult { ANSWERED, NO_VEHICLE, STALLED, DISCONNECTED }

    private final SimWorld world;
    private final ServerSocket server;
    private final long answerTimeoutNs;
    private final int truthEverySteps;
    private final MavlinkMessageTable table = MavlinkMessageTable.common();
    private final MavlinkFrameEncoder encoder = new MavlinkFrameEncoder(table);
    private final MavlinkMessageDecoder decoder = new MavlinkMessageDecoder();
    private final LinkStats stats = new LinkStats();
    private final MavlinkFrameParser parser = new MavlinkFrameParser(table, stats, this::onFrame);
    private final Histogram roundTripUs = new Histogram(60_000_000L, 3);
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(512);
    private final byte[] readBuf = new byte[4096];
    private final double[] commands;
    private final ImuSample imu = new ImuSample();
    private final BaroSample baro = new BaroSample();
    private final MagSample mag = new MagSample();
    private final GnssSample gnss = new GnssSample();
    private final Vec3 geo = new Vec3();

    private Socket vehicle;
    private InputStream in;
    private OutputStream out;
    private long awaitedUs = -1;
    private boolean answered;
    private boolean vehicleArmed;
    private long steps;
    private long answers;
    private long stalls;
    private long staleAnswers;
    private long vehicleHeartbeats;
    private long decodeErrors;
    private long maxRoundTripNs;

    /**
     * @param world           the world to step
     * @param bindAddress     where to listen (loopback for a local vehicle; any-address for another host)
     * @param port            TCP port, {@link #DEFAULT_PORT}, or 0 for an ephemeral one
     * @param answerTimeoutNs how long a step waits for the vehicle's answer
     * @param truthEverySteps send HIL_STATE_QUATERNION every this many steps (5 = 200 Hz, the
     *                        interval PX4 asks simulators for); 0 never
     * @throws IOException if the port cannot be bound
     */
    public SimulatorApiServer(SimWorld world, InetAddress bindAddress, int port, long answerTimeoutNs,
                              int truthEverySteps) throws IOException {
        if (answerTimeoutNs <= 0 || truthEverySteps < 0) {
            throw new IllegalArgumentException("answer timeout must be positive and truth period >= 0");
        }
        this.world = world;
        this.answerTimeoutNs = answerTimeoutNs;
        this.truthEverySteps = truthEverySteps;
        this.commands = new double[world.devices().motors.motorCount()];
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(bindAddress, port));
    }

    /** The port the server listens on (the ephemeral one when constructed with 0). */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Waits for the vehicle to connect.
     *
     * @return true when connected, false when none came within {@code timeoutMs}
     */
    public boolean acceptVehicle(int timeoutMs) throws IOException {
        server.setSoTimeout(Math.max(1, timeoutMs));
        Socket s;
        try {
            s = server.accept();
        } catch (SocketTimeoutException e) {
            return false;
        }
        s.setTcpNoDelay(true);
        vehicle = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        return true;
    }

    /** True while a vehicle is connected. */
    public boolean vehicleConnected() {
        return vehicle != null;
    }

    /** Advances the world one step and exchanges it with the vehicle (see the class comment). */
    public StepResult step() {
        if (vehicle == null) {
            world.stepWorld();
            steps++;
            return StepResult.NO_VEHICLE;
        }
        long nowNs = world.stepWorld();
        steps++;
        long timeUs = nowNs / 1000;
        pending.reset();
        var devices = world.devices();
        if (devices.gnss.poll(gnss)) {
            append(hilGps(gnss));
        }
        if (truthEverySteps > 0 && steps % truthEverySteps == 0) {
            append(hilStateQuaternion(timeUs));
        }
        append(hilSensor(timeUs));
        long t0 = System.nanoTime();
        try {
            out.write(pending.toByteArray());
            awaitedUs = timeUs;
            answered = false;
            long deadline = t0 + answerTimeoutNs;
            while (!answered) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    stalls++;
                    return StepResult.STALLED;
                }
                vehicle.setSoTimeout((int) Math.max(1, left / 1_000_000));
                int n;
                try {
                    n = in.read(readBuf);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (n < 0) {
                    return disconnected();
                }
                parser.feed(readBuf, 0, n);
            }
        } catch (IOException e) {
            return disconnected();
        }
        long rtt = System.nanoTime() - t0;
        roundTripUs.recordValue(Math.min(roundTripUs.getHighestTrackableValue(), Math.max(0, rtt / 1000)));
        if (rtt > maxRoundTripNs) {
            maxRoundTripNs = rtt;
        }
        return StepResult.ANSWERED;
    }

    private StepResult disconnected() {
        closeVehicle();
        java.util.Arrays.fill(commands, 0.0);
        world.devices().motors.write(commands, false);
        return StepResult.DISCONNECTED;
    }

    private void onFrame(MavlinkFrame frame) {
        MavlinkMessage<?> m = decoder.decode(frame);
        if (m == null) {
            decodeErrors++;
            return;
        }
        Object p = m.getPayload();
        if (p instanceof HilActuatorControls) {
            onControls((HilActuatorControls) p);
        } else if (p instanceof Heartbeat) {
            vehicleHeartbeats++;
            EnumValue<?> mode = ((Heartbeat) p).baseMode();
            vehicleArmed = mode != null && (mode.value() & HilUnits.MODE_FLAG_ARMED) != 0;
        }
    }

    private void onControls(HilActuatorControls c) {
        if (c.timeUsec() == null || c.timeUsec().longValue() != awaitedUs || answered) {
            staleAnswers++;
            return;
        }
        boolean armed = c.mode() != null && (c.mode().value() & HilUnits.MODE_FLAG_ARMED) != 0;
        List<Float> controls = c.controls();
        for (int i = 0; i < commands.length; i++) {
            // Non-reversible motors are in [0, 1] (PX4 PWMSim); !(x >= 0) catches NaN.
            double v = controls != null && i < controls.size() ? controls.get(i) : 0.0;
            commands[i] = !(v >= 0.0) ? 0.0 : Math.min(v, 1.0);
        }
        world.devices().motors.write(commands, armed);
        answered = true;
        answers++;
    }

    private void append(Object payload) {
        byte[] f = encoder.encode(SYSTEM_ID, COMPONENT_ID, payload);
        pending.write(f, 0, f.length);
    }

    private HilSensor hilSensor(long timeUs) {
        var devices = world.devices();
        devices.imu.poll(imu);
        int flags = HilUnits.ACCEL | HilUnits.GYRO;
        HilSensor.Builder b = HilSensor.builder().timeUsec(BigInteger.valueOf(timeUs)).id(0)
                .xacc((float) imu.accelXMps2).yacc((float) imu.accelYMps2).zacc((float) imu.accelZMps2)
                .xgyro((float) imu.gyroXRadps).ygyro((float) imu.gyroYRadps).zgyro((float) imu.gyroZRadps);
        if (devices.magnetometer.poll(mag)) {
            flags |= HilUnits.MAG;
            b.xmag((float) mag.fieldXGauss).ymag((float) mag.fieldYGauss).zmag((float) mag.fieldZGauss);
        }
        if (devices.barometer.poll(baro)) {
            // PX4 takes a barometer update only with all three bits (SensorSource::BARO).
            flags |= HilUnits.BARO;
            b.absPressure((float) HilUnits.paToHpa(baro.pressurePa))
                    .pressureAlt((float) pressureAltitudeM(baro.pressurePa))
                    .temperature((float) baro.temperatureC);
        }
        return b.fieldsUpdated(EnumValue.create(flags)).build();
    }

    /** ISA pressure altitude (m), the formula PX4's and ArduPilot's simulators use. */
    static double pressureAltitudeM(double pressurePa) {
        return 44_330.0 * (1.0 - Math.pow(pressurePa / SEA_LEVEL_PA, 0.190295));
    }

    private static HilGps hilGps(GnssSample g) {
        double groundSpeed = Math.hypot(g.velNMps, g.velEMps);
        return HilGps.builder()
                .timeUsec(BigInteger.valueOf(Math.max(0, g.timestampSampleNs / 1000)))
                .fixType(g.fixType)
                .lat(HilUnits.degToDegE7(g.latDeg))
                .lon(HilUnits.degToDegE7(g.lonDeg))
                .alt(HilUnits.mToMm(g.altMslM))
                .eph(HilUnits.mToUint16Cm(g.ephM))
                .epv(HilUnits.mToUint16Cm(g.epvM))
                .vel(HilUnits.mToUint16Cm(groundSpeed))
                .vn(HilUnits.mpsToInt16Cmps(g.velNMps))
                .ve(HilUnits.mpsToInt16Cmps(g.velEMps))
                .vd(HilUnits.mpsToInt16Cmps(g.velDMps))
                .cog(HilUnits.UINT16_UNKNOWN)
                .satellitesVisible(Math.max(0, Math.min(254, g.satellitesUsed)))
                .id(0)
                .build();
    }

    private HilStateQuaternion hilStateQuaternion(long timeUs) {
        MulticopterSim v = world.vehicle();
        Vec3 p = v.positionNed();
        world.homeRef().toGeodetic(p.x, p.y, p.z, geo);
        Vec3 vel = v.velocityNed();
        Vec3 rates = v.angularVelocityFrd();
        Vec3 f = v.specificForceFrd();
        var q = v.attitude();
        return HilStateQuaternion.builder()
                .timeUsec(BigInteger.valueOf(timeUs))
                .attitudeQuaternion(List.of((float) q.w, (float) q.x, (float) q.y, (float) q.z))
                .rollspeed((float) rates.x).pitchspeed((float) rates.y).yawspeed((float) rates.z)
                .lat(HilUnits.degToDegE7(geo.x)).lon(HilUnits.degToDegE7(geo.y)).alt(HilUnits.mToMm(geo.z))
                .vx(HilUnits.mpsToInt16Cmps(vel.x)).vy(HilUnits.mpsToInt16Cmps(vel.y))
                .vz(HilUnits.mpsToInt16Cmps(vel.z))
                .indAirspeed(0).trueAirspeed(0)
                // mG: specific force over standard gravity, saturated to int16
                .xacc(milliG(f.x)).yacc(milliG(f.y)).zacc(milliG(f.z))
                .build();
    }

    private static int milliG(double mps2) {
        double mg = Math.rint(mps2 / 9.80665 * 1000.0);
        return !Double.isFinite(mg) ? 0 : (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, mg));
    }

    private void closeVehicle() {
        Socket s = vehicle;
        vehicle = null;
        in = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Closes the vehicle connection and the listening socket. */
    @Override
    public void close() {
        closeVehicle();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Step round-trip times (µs), answered steps only. */
    public Histogram roundTripUs() {
        return roundTripUs;
    }

    public long steps() {
        return steps;
    }

    /** Steps answered by the vehicle. */
    public long answers() {
        return answers;
    }

    /** Steps whose answer did not come within the bound. */
    public long stalls() {
        return stalls;
    }

    /** Answers for another step (late after a stall, or repeated), skipped. */
    public long staleAnswers() {
        return staleAnswers;
    }

    public long vehicleHeartbeats() {
        return vehicleHeartbeats;
    }

    /** The armed flag of the vehicle's last HEARTBEAT. */
    public boolean vehicleArmed() {
        return vehicleArmed;
    }

    /** Frames from the vehicle skipped: bad checksum, unknown id or garbage, undecodable. */
    public long badFrames() {
        return stats.crcErrors() + stats.unknownIds() + decodeErrors;
    }

    public SimWorld world() {
        return world;
    }
}
