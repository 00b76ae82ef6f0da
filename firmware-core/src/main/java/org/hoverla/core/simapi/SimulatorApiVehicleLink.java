package org.hoverla.core.simapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Consumer;
import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;
import org.hoverla.core.time.SimClock;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;

/**
 * The vehicle's end of PX4's simulator MAVLink API over TCP: connects to the simulator (which
 * listens, 4560 by default), retrying every {@code retryPeriodNs} until it is there, and then, on
 * its own thread, turns every {@code HIL_SENSOR} into one flight cycle:
 * <pre>
 *   HIL_SENSOR(time_usec) → clock := simulator time → samples into {@link SimulatorApiDevices}
 *   → {@link CycleRunner#runCycle}(now) → HIL_ACTUATOR_CONTROLS (latest motor outputs)
 *   (+ HEARTBEAT with the armed flag, on connecting and at 1 Hz of simulator time)
 * </pre>
 * as PX4's {@code SimulatorMavlink.cpp} does in lockstep: the simulator's time is the vehicle's
 * clock and each sensor step gets exactly one answer. {@code HIL_GPS} is deposited when it
 * arrives (send it before the step's HIL_SENSOR to have it used in that cycle);
 * {@code HIL_STATE_QUATERNION} (truth) is counted and kept for diagnostics only.
 *
 * <p><b>Time:</b> the first {@code time_usec} is the origin and the vehicle's first cycle runs
 * at {@value #FIRST_CYCLE_NS} ns (as the in-process lockstep simulator's first cycle does, and so
 * no timestamp is 0, which several tasks read as "never"); absolute (UNIX epoch) and relative
 * timestamps are both fine. After a reconnect the new simulator's first step lands
 * {@value #FIRST_CYCLE_NS} ns after the last cycle, so the clock never goes backwards.
 *
 * <p><b>Liberal input</b> (each answered by a counter, never by an exception or a hang):
 * MAVLink 1 or 2 frames; a bad checksum or garbage is skipped ({@link #badFrames()}); a
 * {@code HIL_SENSOR} with time not after the previous one (out of order, repeated) or beyond
 * 2^63 µs is not run as a cycle ({@link #droppedSamples()}) but still answered with the latest
 * outputs, so a lockstep simulator never waits on us; NaN or infinite fields drop that sensor's
 * sample ({@link #droppedSamples()}); a sender that leaves {@code fields_updated} at 0 has every
 * finite field taken (a magnetometer only when not all zero, a pressure only when positive);
 * HIL_SENSOR ids other than 0 (extra sensor instances) are counted and ignored; HIL_GPS
 * eph/epv/satellites "unknown" values are kept unknown (NaN eph fails the GNSS checks).
 *
 * <p><b>Disconnect:</b> the motors are treated as disarmed (commands 0, armed flag cleared) until
 * the flight stack writes again, no cycle runs (the clock stops), and the link reconnects.
 * {@link #close()} ends the thread promptly (closes the socket, interrupts the retry wait, joins).
 * A cycle that throws is counted ({@link #cycleFailures()}), reported once, and the motors are
 * treated as disarmed for that step.
 *
 * <p><b>Threads:</b> one thread ("simapi-vehicle") reads, runs the flight cycle and writes, so
 * it is the flight thread (DESIGN §3): per step it allocates nothing. The socket is read into a
 * preallocated buffer, {@link HilCodec} decodes the frames in place and encodes the step's
 * answer (and heartbeat, when due) into its transmit buffer, written with one socket write.
 * Connecting, logging and reconnecting allocate. Counters are readable from any thread.
 */
public final class SimulatorApiVehicleLink implements AutoCloseable {

    /** Runs one flight cycle at {@code nowNs}; boot code passes {@code scheduler::runCycle}. */
    @FunctionalInterface
    public interface CycleRunner {
        void runCycle(long nowNs);
    }

    /** The TCP port simulators listen on (PX4's default for simulator_mavlink). */
    public static final int DEFAULT_PORT = 4560;
    /** Vehicle time of the first cycle (ns). */
    public static final long FIRST_CYCLE_NS = 1_000_000L;
    public static final long DEFAULT_RETRY_PERIOD_NS = 1_000_000_000L;
    static final long HEARTBEAT_PERIOD_NS = 1_000_000_000L;
    static final long BATTERY_PERIOD_NS = 100_000_000L;
    /** A HIL_GPS time older than this (or in the future) is not taken as the sample time. */
    static final long GNSS_MAX_AGE_NS = 1_000_000_000L;
    /** PX4 sets this speed accuracy for every HIL_GPS ({@code gps.s_variance_m_s = 0.25f}); the message has none. */
    static final double HIL_GPS_SPEED_ACCURACY_MPS = 0.25;
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final long JOIN_TIMEOUT_MS = 5000;

    private final String host;
    private final int port;
    private final SimulatorApiDevices devices;
    private final SimClock clock;
    private final CycleRunner runner;
    private final int systemId;
    private final int componentId;
    private final long retryPeriodNs;
    private final Consumer<String> log;
    private final LinkStats stats = new LinkStats();
    private final HilCodec codec;
    private final byte[] readBuffer = new byte[4096];
    private final float[] controls = new float[HilUnits.CONTROL_COUNT];
    private final Thread thread;

    private final ImuSample imuSample = new ImuSample();
    private final BaroSample baroSample = new BaroSample();
    private final MagSample magSample = new MagSample();
    private final GnssSample gnssSample = new GnssSample();
    private final double[] truthQuaternion = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};

    private volatile boolean running;
    private volatile boolean connected;
    private volatile Socket socket;
    private OutputStream out;
    private boolean sendFailed;

    private boolean originSet;
    private long originUs;
    private long offsetNs = FIRST_CYCLE_NS;
    private boolean rebaseOnNextSample;
    private long lastCycleNs = Long.MIN_VALUE;
    private long nextHeartbeatNs;
    private long nextBatteryNs;
    private double temperatureC = Double.NaN;
    private boolean cycleFailureReported;

    // Single writer (the link thread): volatile increments are safe, readers see recent values.
    private volatile long connectAttempts;
    private volatile long connections;
    private volatile long sensorMessages;
    private volatile long gnssMessages;
    private volatile long truthMessages;
    private volatile long cycles;
    private volatile long answers;
    private volatile long heartbeats;
    private volatile long droppedSamples;
    private volatile long ignoredSensorIds;
    private volatile long cycleFailures;
    private volatile Throwable firstCycleFailure;

    /**
     * @param host          the simulator's host
     * @param port          its TCP port ({@link #DEFAULT_PORT})
     * @param devices       the devices the samples go to and the motor outputs come from
     * @param clock         the vehicle clock; only this link advances it
     * @param runner        one flight cycle
     * @param systemId      MAVLink system id of the vehicle (MAV_SYS_ID)
     * @param componentId   MAVLink component id (1, autopilot)
     * @param retryPeriodNs wait between connection attempts
     * @param log           one-line progress messages (connecting, connected, lost); called
     *                      from the link thread, at most once per state change
     */
    public SimulatorApiVehicleLink(String host, int port, SimulatorApiDevices devices, SimClock clock, CycleRunner runner,
                                   int systemId, int componentId, long retryPeriodNs, Consumer<String> log) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("simulator port must be 1..65535, not " + port);
        }
        if (retryPeriodNs <= 0) {
            throw new IllegalArgumentException("retry period must be positive");
        }
        this.host = host;
        this.port = port;
        this.devices = devices;
        this.clock = clock;
        this.runner = runner;
        this.systemId = systemId;
        this.componentId = componentId;
        this.retryPeriodNs = retryPeriodNs;
        this.log = log;
        // The whole common table, so valid frames of other messages are accepted (and ignored)
        // rather than counted as unknown ids.
        this.codec = new HilCodec(MavlinkMessageTable.common(), stats, new HilCodec.Listener() {
            @Override
            public void onSensor(HilCodec.Sensor sensor) {
                SimulatorApiVehicleLink.this.onSensor(sensor);
            }

            @Override
            public void onGps(HilCodec.Gps gps) {
                onGnss(gps);
            }

            @Override
            public void onStateQuaternion(HilCodec.StateQuaternion state) {
                onTruth(state);
            }
        });
        this.thread = new Thread(this::run, "simapi-vehicle");
        thread.setDaemon(true);
    }

    /** Starts connecting (returns at once). */
    public void start() {
        running = true;
        thread.start();
    }

    /** Stops the link: closes the socket, ends the thread and waits for it (bounded). */
    @Override
    public void close() {
        running = false;
        closeSocket();
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(JOIN_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        devices.motors.forceDisarmed();
    }

    private void run() {
        boolean announcedWaiting = false;
        while (running) {
            Socket s = new Socket();
            connectAttempts++;
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            } catch (IOException | RuntimeException e) {
                closeQuietly(s);
                if (!announcedWaiting && running) {
                    log.accept("simulator API: waiting for a simulator on " + host + ":" + port + " (" + e.getMessage()
                            + "); retrying every " + retryPeriodNs / 1_000_000 + " ms");
                    announcedWaiting = true;
                }
                waitBeforeRetry();
                continue;
            }
            socket = s;
            if (!running) {
                closeSocket();
                break;
            }
            announcedWaiting = false;
            connections++;
            log.accept("simulator API: connected to " + host + ":" + port);
            String why = serve(s);
            connected = false;
            closeSocket();
            devices.motors.forceDisarmed();
            if (originSet) {
                rebaseOnNextSample = true;
            }
            if (running) {
                log.accept("simulator API: simulator disconnected (" + why + "); motors disarmed, reconnecting");
            }
        }
    }

    /** @return why the connection ended */
    private String serve(Socket s) {
        try {
            InputStream in = s.getInputStream();
            out = s.getOutputStream();
            sendFailed = false;
            connected = true;
            codec.clearTx();
            sendHeartbeat();
            flush();
            byte[] buf = readBuffer;
            while (running && !sendFailed) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    return "end of stream";
                }
                codec.feed(buf, 0, n);
            }
            return sendFailed ? "send failed" : "closed";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private void waitBeforeRetry() {
        try {
            Thread.sleep(retryPeriodNs / 1_000_000, (int) (retryPeriodNs % 1_000_000));
        } catch (InterruptedException e) {
            // close() interrupts: the loop condition ends the thread
        }
    }

    private void onSensor(HilCodec.Sensor m) {
        sensorMessages++;
        if (m.id != 0) {
            // PX4 steps lockstep on instance 0 only; a single-instance board ignores the others.
            ignoredSensorIds++;
            return;
        }
        long tUs = m.timeUsec;
        if (tUs < 0) {
            // uint64 beyond 2^63 - 1 µs: no vehicle time for it
            droppedSamples++;
            answer(lastAnswerUs);
            flush();
            return;
        }
        if (!originSet || rebaseOnNextSample) {
            if (originSet) {
                offsetNs = lastCycleNs == Long.MIN_VALUE ? FIRST_CYCLE_NS : lastCycleNs + FIRST_CYCLE_NS;
            }
            originUs = tUs;
            originSet = true;
            rebaseOnNextSample = false;
        }
        long nowNs = toVehicleNs(tUs);
        if (nowNs == Long.MIN_VALUE || nowNs <= lastCycleNs || nowNs < clock.nanoTime()) {
            droppedSamples++;
            answer(tUs);
            flush();
            return;
        }
        clock.set(nowNs);
        depositSensors(m, nowNs);
        if (nowNs >= nextBatteryNs) {
            devices.updateBattery(nowNs);
            nextBatteryNs = nowNs + BATTERY_PERIOD_NS;
        }
        try {
            runner.runCycle(nowNs);
        } catch (Throwable t) {
            if (t instanceof Error && !(t instanceof AssertionError)) {
                throw (Error) t;
            }
            cycleFailures++;
            devices.motors.forceDisarmed();
            if (!cycleFailureReported) {
                cycleFailureReported = true;
                firstCycleFailure = t;
                log.accept("simulator API: flight cycle failed at " + nowNs + " ns: " + t + "; motors disarmed");
            }
        }
        lastCycleNs = nowNs;
        cycles++;
        if (nowNs >= nextHeartbeatNs) {
            sendHeartbeat();
            nextHeartbeatNs = nowNs + HEARTBEAT_PERIOD_NS;
        }
        answer(tUs);
        flush();
    }

    /** Vehicle time of a simulator time; MIN_VALUE when before the origin or out of range. */
    private long toVehicleNs(long tUs) {
        long deltaUs = tUs - originUs;
        if (deltaUs < 0 || deltaUs > (Long.MAX_VALUE - offsetNs) / 1000) {
            return Long.MIN_VALUE;
        }
        return deltaUs * 1000 + offsetNs;
    }

    private void depositSensors(HilCodec.Sensor m, long nowNs) {
        int flags = m.fieldsUpdated;
        boolean inferred = flags == 0;
        if (inferred || (flags & HilUnits.TEMPERATURE) != 0) {
            float t = m.temperature;
            if (Float.isFinite(t)) {
                temperatureC = t;
            }
        }
        boolean imuFresh = false;
        if (inferred || HilUnits.all(flags, HilUnits.ACCEL)) {
            if (finite(m.xacc, m.yacc, m.zacc)) {
                imuSample.accelXMps2 = m.xacc;
                imuSample.accelYMps2 = m.yacc;
                imuSample.accelZMps2 = m.zacc;
                imuFresh = true;
            } else {
                droppedSamples++;
            }
        }
        if (inferred || HilUnits.all(flags, HilUnits.GYRO)) {
            if (finite(m.xgyro, m.ygyro, m.zgyro)) {
                imuSample.gyroXRadps = m.xgyro;
                imuSample.gyroYRadps = m.ygyro;
                imuSample.gyroZRadps = m.zgyro;
                imuFresh = true;
            } else {
                droppedSamples++;
            }
        }
        if (imuFresh) {
            imuSample.timestampSampleNs = nowNs;
            imuSample.temperatureC = temperatureC;
            devices.imuPub.publish(imuSample);
        }
        boolean magGiven = inferred ? (m.xmag != 0f || m.ymag != 0f || m.zmag != 0f)
                : HilUnits.all(flags, HilUnits.MAG);
        if (magGiven) {
            if (finite(m.xmag, m.ymag, m.zmag)) {
                magSample.timestampSampleNs = nowNs;
                magSample.fieldXGauss = m.xmag;
                magSample.fieldYGauss = m.ymag;
                magSample.fieldZGauss = m.zmag;
                devices.magPub.publish(magSample);
            } else {
                droppedSamples++;
            }
        }
        boolean baroGiven = inferred ? m.absPressure > 0f : (flags & HilUnits.ABS_PRESSURE) != 0;
        if (baroGiven) {
            float hpa = m.absPressure;
            if (Float.isFinite(hpa) && hpa > 0f) {
                baroSample.timestampSampleNs = nowNs;
                baroSample.pressurePa = HilUnits.hpaToPa(hpa);
                baroSample.temperatureC = Double.isFinite(temperatureC) ? temperatureC : 15.0;
                devices.baroPub.publish(baroSample);
            } else {
                droppedSamples++;
            }
        }
    }

    private void onGnss(HilCodec.Gps g) {
        gnssMessages++;
        long nowNs = clock.nanoTime();
        long sampleNs = nowNs;
        long timeUs = g.timeUsec;
        if (originSet && !rebaseOnNextSample && timeUs >= 0) {
            // A simulator that stamps HIL_GPS on its sensor time base tells when the fix was
            // valid (a receiver delivers it later); UTC or other bases fall back to arrival.
            long t = toVehicleNs(timeUs);
            if (t != Long.MIN_VALUE && t <= nowNs && nowNs - t <= GNSS_MAX_AGE_NS) {
                sampleNs = t;
            }
        }
        gnssSample.timestampSampleNs = sampleNs;
        gnssSample.fixType = g.fixType;
        int sats = g.satellitesVisible;
        gnssSample.satellitesUsed = sats == HilUnits.SATELLITES_UNKNOWN ? 0 : sats;
        gnssSample.latDeg = g.latDegE7 * 1e-7;
        gnssSample.lonDeg = g.lonDegE7 * 1e-7;
        gnssSample.altMslM = g.altMm * 1e-3;
        gnssSample.velNMps = g.vn * 0.01;
        gnssSample.velEMps = g.ve * 0.01;
        gnssSample.velDMps = g.vd * 0.01;
        gnssSample.velocityValid = g.fixType >= GnssSample.FIX_2D;
        gnssSample.ephM = HilUnits.uint16CmToM(g.eph);
        gnssSample.epvM = HilUnits.uint16CmToM(g.epv);
        gnssSample.sAccMps = HIL_GPS_SPEED_ACCURACY_MPS;
        gnssSample.hdop = Double.NaN;
        gnssSample.vdop = Double.NaN;
        gnssSample.jammingIndicator = -1;
        gnssSample.spoofingState = 0;
        devices.gnssPub.publish(gnssSample);
    }

    private void onTruth(HilCodec.StateQuaternion s) {
        truthMessages++;
        for (int i = 0; i < 4; i++) {
            truthQuaternion[i] = s.attitudeQuaternion[i];
        }
    }

    private long lastAnswerUs;

    /** Appends the step's HIL_ACTUATOR_CONTROLS (latest motor outputs; zeros unless armed). */
    private void answer(long tUs) {
        SimulatorApiDevices.Motors motors = devices.motors;
        boolean armed = motors.armed();
        for (int i = 0; i < HilUnits.CONTROL_COUNT; i++) {
            controls[i] = armed && i < motors.motorCount() ? (float) motors.command(i) : 0f;
        }
        int mode = HilUnits.MODE_FLAG_CUSTOM | (armed ? HilUnits.MODE_FLAG_ARMED : 0);
        codec.appendActuatorControls(systemId, componentId, tUs, controls, HilUnits.CONTROL_COUNT, mode,
                HilUnits.FLAG_LOCKSTEP);
        lastAnswerUs = tUs;
        answers++;
    }

    /** Appends a HEARTBEAT with the armed flag. */
    private void sendHeartbeat() {
        boolean armed = devices.motors.armed();
        codec.appendHeartbeat(systemId, componentId, HilCodec.MAV_TYPE_QUADROTOR, HilCodec.MAV_AUTOPILOT_PX4,
                HilUnits.MODE_FLAG_CUSTOM | (armed ? HilUnits.MODE_FLAG_ARMED : 0), HilCodec.MAV_STATE_ACTIVE);
        heartbeats++;
    }

    /** Writes what was appended in one socket write. */
    private void flush() {
        int n = codec.txLength();
        OutputStream o = out;
        if (n == 0 || o == null || sendFailed) {
            codec.clearTx();
            return;
        }
        try {
            o.write(codec.txBuffer(), 0, n);
        } catch (IOException e) {
            sendFailed = true;
            closeSocket();
        } finally {
            codec.clearTx();
        }
    }

    private static boolean finite(float x, float y, float z) {
        return Float.isFinite(x) && Float.isFinite(y) && Float.isFinite(z);
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** True while a simulator is connected. */
    public boolean connected() {
        return connected;
    }

    /** Connection attempts so far (failed ones included). */
    public long connectAttempts() {
        return connectAttempts;
    }

    /** Successful connections minus the first: how often the link came back. */
    public long reconnects() {
        long c = connections;
        return c > 1 ? c - 1 : 0;
    }

    /** Valid frames received (any message). */
    public long framesReceived() {
        return stats.framesReceived();
    }

    /** Frames skipped: bad checksums, unknown ids or garbage, truncated. */
    public long badFrames() {
        return stats.crcErrors() + stats.unknownIds() + stats.truncatedFrames();
    }

    public long sensorMessages() {
        return sensorMessages;
    }

    public long gnssMessages() {
        return gnssMessages;
    }

    public long truthMessages() {
        return truthMessages;
    }

    /** HIL_SENSOR messages of instances other than 0, ignored. */
    public long ignoredSensorIds() {
        return ignoredSensorIds;
    }

    /** Samples dropped: bad time (the whole step) or non-finite fields (that sensor). */
    public long droppedSamples() {
        return droppedSamples;
    }

    /** Flight cycles run. */
    public long cycles() {
        return cycles;
    }

    /** HIL_ACTUATOR_CONTROLS sent (one per HIL_SENSOR of instance 0). */
    public long answers() {
        return answers;
    }

    public long heartbeats() {
        return heartbeats;
    }

    /** Flight cycles that threw. */
    public long cycleFailures() {
        return cycleFailures;
    }

    /** The first throwable of a flight cycle, or null. */
    public Throwable firstCycleFailure() {
        return firstCycleFailure;
    }

    /** The link's frame counters (CRC errors, MAVLink 1 frames, sequence gaps …). */
    public LinkStats stats() {
        return stats;
    }

    /**
     * Bytes the link thread has allocated so far (HotSpot's per-thread counter; flat while
     * stepping, it moves on connecting and logging), -1 when unavailable or the thread has ended.
     * Any thread.
     */
    public long allocatedBytes() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean) || !thread.isAlive()) {
            return -1;
        }
        return ((com.sun.management.ThreadMXBean) bean).getThreadAllocatedBytes(thread.getId());
    }

    /** Whether the link thread is still alive (false after {@link #close()}). */
    public boolean threadAlive() {
        return thread.isAlive();
    }

    /** The last truth attitude (w, x, y, z) from HIL_STATE_QUATERNION, NaN before any. Link thread only. */
    public void truthQuaternion(double[] dst) {
        System.arraycopy(truthQuaternion, 0, dst, 0, 4);
    }
}
