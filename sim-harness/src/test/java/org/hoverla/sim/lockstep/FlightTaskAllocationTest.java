package org.hoverla.sim.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.hoverla.core.boot.FlightClassPreloader;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleCommand;
import org.hoverla.core.msg.VehicleCommandAck;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §5: the flight thread allocates nothing. Steps the complete flight task set (and
 * the simulated world around it) through takeoff, hover and landing and reads the thread's
 * allocation counter.
 */
class FlightTaskAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateNothingWhileFlying() {
        assertThat(THREADS.isThreadAllocatedMemorySupported()).isTrue();
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a vehicle that armed and took off in 5 m/s wind
        SimConfig config = new SimConfig();
        config.windSpeedMps = 5.0;
        config.windFromDeg = 270.0;
        SimDriver d = new SimDriver(config);
        d.stepUntilReady(30.0);
        assertThat(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN).result)
                .isEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.NaN).result)
                .isEqualTo(VehicleCommandAck.ACCEPTED);
        d.steps(3_000); // warm-up: climbing

        // When 10,000 cycles run through the rest of the climb and the hover
        long climbAndHover = allocatedDuring(d, 10_000);
        assertThat(d.status.mode).isEqualTo(FlightMode.HOLD);

        // and, after the land command, 10,000 cycles of descent
        assertThat(d.command(VehicleCommand.NAV_LAND, Double.NaN, Double.NaN, Double.NaN).result)
                .isEqualTo(VehicleCommandAck.ACCEPTED);
        long descent = allocatedDuring(d, 10_000);

        // Then not one byte was allocated on this thread
        assertThat(climbAndHover).isZero();
        assertThat(descent).isZero();
        assertThat(d.sim.scheduler().perf(0).runs()).isGreaterThan(20_000);
    }

    @Test
    void shouldAllocateNothingWhileTheFlightLogRecords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path logs)
            throws Exception {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a vehicle logging on its own log thread (as on hardware), armed and climbing, with the
        // high-rate profile: every topic recorded at every publication
        SimDriver d = new SimDriver(new LockstepSim(new SimConfig(),
                org.hoverla.core.time.SystemClock.INSTANCE, store -> store.set("SDLOG_PROFILE", 31)));
        org.hoverla.core.log.FlightLogWriter log = d.sim.runtime().startFlightLog(
                new org.hoverla.core.log.LogDirectory(logs), java.util.Map.of(), true);
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        SimDriver.expectAccepted(d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.NaN));
        d.steps(3_000); // warm-up: the log starts, the climb begins
        // The log thread wakes every 10 ms of wall time; the simulation steps on meanwhile (the
        // vehicle hovers at its takeoff altitude if this takes simulated minutes).
        for (int i = 0; i < 100_000 && log.state() != org.hoverla.core.log.FlightLogWriter.State.LOGGING; i++) {
            d.steps(10);
        }
        assertThat(log.state()).isEqualTo(org.hoverla.core.log.FlightLogWriter.State.LOGGING);
        org.hoverla.core.log.FlightLogRecorder recorder = d.sim.stack().logRecorder();
        d.steps(2_000);
        long recordsBefore = recorder.writtenRecords() + recorder.droppedRecords();

        // When 10,000 cycles run while the recorder encodes every topic into the ring
        long logging = allocatedDuring(d, 10_000);

        // Then records were made, and not one byte was allocated on this thread
        assertThat(recorder.writtenRecords() + recorder.droppedRecords() - recordsBefore).isGreaterThan(20_000);
        assertThat(logging).isZero();
        d.sim.runtime().close();
        assertThat(log.state()).isEqualTo(org.hoverla.core.log.FlightLogWriter.State.IDLE);
        assertThat(log.bytesWritten()).isGreaterThan(100_000);
    }

    @Test
    void shouldAllocateNothingWhileTheFrontendsFeedACalibration() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a disarmed vehicle whose frontends copy every raw sample into the calibration tap
        // (as while a calibration listens), with nobody draining it, so it also fills and drops
        SimDriver d = new SimDriver(new SimConfig());
        d.stepUntilReady(30.0);
        org.hoverla.core.calibration.RawSampleTap tap = d.sim.stack().bus().rawSamples;
        tap.enable();
        d.steps(200); // warm-up

        // When 10,000 flight cycles run
        long feeding = allocatedDuring(d, 10_000);

        // Then the IMU, magnetometer and barometer samples went into the tap (and, once it was
        // full, were counted as dropped) without one byte allocated on this thread
        assertThat(tap.dropped()).isGreaterThan(5_000);
        assertThat(feeding).isZero();
        tap.disable();
    }

    @Test
    void shouldAllocateNothingDuringAMotorTest() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a disarmed vehicle, ready to arm, running MAV_CMD_DO_MOTOR_TEST on motor 1 at 20 % for 3 s
        SimDriver d = new SimDriver(new SimConfig());
        d.stepUntilReady(30.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_MOTOR_TEST, 1, 0, 20, 3, 1, Double.NaN, Double.NaN));
        d.steps(200); // warm-up

        // When 2,000 cycles of the test and 2,000 after its end run
        long testing = allocatedDuring(d, 2_000);
        assertThat(d.sim.devices().motors.commands()[0]).isGreaterThan(0.0);
        d.steps(1_000);
        long after = allocatedDuring(d, 2_000);

        // Then nothing was allocated
        assertThat(d.sim.devices().motors.commands()[0]).isZero();
        assertThat(testing).isZero();
        assertThat(after).isZero();
    }

    @Test
    void shouldAllocateNothingWhileFlyingAMissionWithAFence() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a mission (takeoff, a loop of waypoints with a jump) inside a geofence
        SimConfig config = new SimConfig();
        SimDriver d = new SimDriver(config);
        org.hoverla.core.math.GeoRef home = new org.hoverla.core.math.GeoRef(config.homeLatDeg, config.homeLonDeg,
                config.homeAltM);
        java.util.List<org.hoverla.mission.MissionItem> items = new java.util.ArrayList<>();
        double[][] points = {{0, 0}, {30, 0}, {30, 30}, {0, 30}};
        for (int i = 0; i < points.length; i++) {
            org.hoverla.core.math.Vec3 g = home.toGeodetic(points[i][0], points[i][1], 0, new org.hoverla.core.math.Vec3());
            items.add(new org.hoverla.mission.MissionItem(i, org.hoverla.mission.MissionItem.FRAME_GLOBAL_RELATIVE_ALT_INT,
                    i == 0 ? org.hoverla.mission.MavCmd.NAV_TAKEOFF : org.hoverla.mission.MavCmd.NAV_WAYPOINT, false, true,
                    0f, 0f, 0f, Float.NaN, (int) Math.round(g.x * 1e7), (int) Math.round(g.y * 1e7), 10f,
                    org.hoverla.mission.MissionType.MISSION));
        }
        items.add(new org.hoverla.mission.MissionItem(4, org.hoverla.mission.MissionItem.FRAME_MISSION,
                org.hoverla.mission.MavCmd.DO_JUMP, false, true, 1f, 1000f, 0f, 0f, 0, 0, 0f,
                org.hoverla.mission.MissionType.MISSION));
        org.hoverla.mission.MissionItem fence = new org.hoverla.mission.MissionItem(0,
                org.hoverla.mission.MissionItem.FRAME_GLOBAL_INT, org.hoverla.mission.MavCmd.NAV_FENCE_CIRCLE_INCLUSION,
                false, true, 200f, 0f, 0f, 0f, (int) Math.round(config.homeLatDeg * 1e7),
                (int) Math.round(config.homeLonDeg * 1e7), 0f, org.hoverla.mission.MissionType.FENCE);
        org.hoverla.core.vehicle.PlanInstaller installer = new org.hoverla.core.vehicle.PlanInstaller(
                d.sim.stack().bus(), d.sim.stack().params());
        installer.install(new org.hoverla.mission.MissionPlan(items, java.util.List.of(fence), java.util.List.of()));
        d.stepUntilReady(30.0);
        installer.tick();
        assertThat(d.sim.stack().bus().geofence.get()).isNotNull();
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, 4, 4, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN));
        SimDriver.expectAccepted(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN));
        d.steps(20_000); // warm-up: takeoff and the first legs
        // When 10,000 cycles of the mission run (events drained off the measured window)
        long flying = allocatedDuring(d, 10_000);
        // Then not one byte was allocated on this thread
        assertThat(d.status.mode).isEqualTo(FlightMode.MISSION);
        assertThat(flying).isZero();
    }

    @Test
    void shouldAllocateNothingWhileFlyingOnTheEkf() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        SimConfig config = new SimConfig();
        config.windSpeedMps = 5.0;
        SimDriver d = new SimDriver(config);
        d.sim.stack().params().estType.set(1);
        d.stepUntilReady(30.0);
        assertThat(d.command(VehicleCommand.COMPONENT_ARM_DISARM, 1, 0, Double.NaN).result)
                .isEqualTo(VehicleCommandAck.ACCEPTED);
        assertThat(d.command(VehicleCommand.NAV_TAKEOFF, Double.NaN, Double.NaN, Double.NaN).result)
                .isEqualTo(VehicleCommandAck.ACCEPTED);
        d.steps(5_000);
        assertThat(allocatedDuring(d, 10_000)).isZero();
    }

    @Test
    void shouldAllocateNothingWhileOrbitingAndFacingARegionOfInterest() {
        // Given a vehicle flying at 10 m
        THREADS.setThreadAllocatedMemoryEnabled(true);
        SimDriver d = new SimDriver(new SimConfig());
        d.takeOff(10.0);
        // When it approaches and flies a DO_ORBIT circle around where it is
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_ORBIT, -8.0, 3.0, 0.0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN));
        d.steps(1_000);
        long orbiting = allocatedDuring(d, 10_000);
        // and then holds facing a region of interest after a reposition with a heading
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_REPOSITION, -1, 1, 0, 1.0, Double.NaN, Double.NaN,
                Double.NaN));
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_ROI_LOCATION, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, d.sim.config().homeLatDeg + 1e-4, d.sim.config().homeLonDeg, Double.NaN));
        d.steps(1_000);
        long facingRoi = allocatedDuring(d, 10_000);
        // Then not one byte was allocated on this thread
        assertThat(orbiting).isZero();
        assertThat(facingRoi).isZero();
    }

    @Test
    void shouldAllocateNothingOnTheEkfThroughGnssLossDeadReckoningAndThePositionFailsafe() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a hover at 20 m on the EKF with a 5 s dead-reckoning budget and the land failsafe,
        // whose code paths ran once already (first execution resolves string constants and loads
        // switch-map classes on this thread: one-time, not per-cycle, so warmed up unmeasured):
        // GNSS lost, failsafe to Land, GNSS back, Hold commanded again
        SimConfig config = new SimConfig();
        config.windSpeedMps = 3.0;
        SimDriver d = new SimDriver(config);
        d.sim.stack().params().estType.set(1);
        d.sim.stack().params().noAidTimeoutS.set(5.0);
        d.sim.stack().params().positionLossAction.set(org.hoverla.core.vehicle.FlightParams.POSCTL_NAVL_LAND);
        d.takeOff(20.0);
        var estSub = d.sim.stack().bus().estimatorStatus.subscribe();
        var est = new org.hoverla.core.msg.EstimatorStatus();
        d.sim.gnss().setOutage(true);
        d.steps(8_000);
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        d.sim.gnss().setOutage(false);
        d.steps(3_000);
        SimDriver.expectAccepted(d.command(VehicleCommand.HOVERLA_HOLD, Double.NaN, Double.NaN, Double.NaN));
        d.steps(2_000);
        assertThat(d.status.failsafe).isFalse();

        // When GNSS is lost again: 3 s of dead reckoning (measured), then the budget runs out,
        // the failsafe switches to Land and the descent starts (measured)
        d.sim.gnss().setOutage(true);
        d.steps(1_500); // GNSS fusion stops (receiver latency, aiding timeout)
        long deadReckoning = allocatedDuring(d, 3_000);
        estSub.copy(est);
        assertThat(est.deadReckoning).isTrue();
        long failsafeAndDescent = allocatedDuring(d, 4_000);
        assertThat(d.status.failsafe).isTrue();
        assertThat(d.status.mode).isEqualTo(FlightMode.LAND);
        // and GNSS returns while landing: fusion resumes
        d.sim.gnss().setOutage(false);
        long reacquisition = allocatedDuring(d, 4_000);
        // and a 50 m jump is refused by the gate
        d.sim.gnss().setPositionOffset(50.0, 0.0, 0.0);
        long jump = allocatedDuring(d, 2_000);
        d.sim.gnss().setPositionOffset(0.0, 0.0, 0.0);

        // Then not one byte was allocated on this thread, and the vehicle was still in the air
        assertThat(d.sim.vehicle().onGround()).isFalse();
        assertThat(deadReckoning).isZero();
        assertThat(failsafeAndDescent).isZero();
        assertThat(reacquisition).isZero();
        assertThat(jump).isZero();
    }

    @Test
    void shouldAllocateNothingWhileFlyingFromAGroundStationJoystick() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a vehicle at 10 m in Position mode, with joystick input published on the topic as
        // the MAVLink thread would (here on the measured thread: the topic write copies into
        // preallocated storage, so it does not hide an allocation of the flight code)
        SimDriver d = new SimDriver(new SimConfig());
        d.takeOff(10.0);
        SimDriver.expectAccepted(d.command(VehicleCommand.DO_SET_MODE, 1, FlightMode.POSITION.px4MainMode(), 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        var pub = d.sim.stack().bus().manualControlMavlink.advertise();
        var input = new org.hoverla.core.msg.ManualControlSetpoint();
        // warm-up: every path once (fly, yaw, climb, brake, loss and regain)
        manualFlight(d, pub, input, 1.0, 0.5, 0.8, 2_000);
        manualFlight(d, pub, input, 0.0, 0.0, 0.5, 4_000);
        d.steps(2_000);
        manualFlight(d, pub, input, 0.0, 0.0, 0.5, 1_000);
        // When 10,000 cycles of stick flight, braking, hold, loss and regain run
        long before = THREADS.getCurrentThreadAllocatedBytes();
        manualFlight(d, pub, input, 1.0, -0.5, 0.7, 3_000);
        manualFlight(d, pub, input, 0.0, 0.0, 0.5, 4_000);
        for (int i = 0; i < 2_000; i++) {
            d.sim.step();
        }
        manualFlight(d, pub, input, 0.0, 0.0, 0.5, 1_000);
        long after = THREADS.getCurrentThreadAllocatedBytes();
        d.statusSub.update(d.status);
        // Then not one byte was allocated on this thread
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        assertThat(after - before).isZero();
    }

    @Test
    void shouldAllocateNothingWhileFlyingFromAnRcTransmitter() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given a vehicle at 10 m with an RC transmitter sending 50 Hz frames (mode switch up:
        // Position), the receiver driven on the measured thread as the simulator does
        SimDriver d = new SimDriver(new SimConfig());
        org.hoverla.sim.rc.SimRcTransmitter tx = new org.hoverla.sim.rc.SimRcTransmitter(d.sim.devices().rc);
        tx.sticks(0, 0, 0, 0.5);
        d.takeOff(10.0);
        tx.modeSwitch(1);
        rcFlight(d, tx, 300);
        tx.modeSwitch(0);
        // warm-up: every path once (sticks, mode switch, kill and unkill, failsafe frames and regain)
        tx.sticks(0.5, 1.0, 0.3, 0.7);
        rcFlight(d, tx, 2_000);
        tx.sticks(0, 0, 0, 0.5);
        rcFlight(d, tx, 2_000);
        tx.killSwitch(true);
        rcFlight(d, tx, 100);
        tx.killSwitch(false);
        rcFlight(d, tx, 2_000);
        tx.cut(org.hoverla.sim.rc.SimRcTransmitter.LinkLoss.FAILSAFE_FRAMES);
        rcFlight(d, tx, 1_500);
        tx.link(true);
        rcFlight(d, tx, 1_500);
        // When 10,000 cycles of stick flight, a mode switch, kill and unkill, failsafe frames and regain run
        long before = THREADS.getCurrentThreadAllocatedBytes();
        tx.sticks(-0.5, 1.0, -0.3, 0.6);
        rcFlight(d, tx, 3_000);
        tx.modeSwitch(1);
        tx.sticks(0, 0, 0, 0.5);
        rcFlight(d, tx, 2_000);
        tx.modeSwitch(0);
        tx.killSwitch(true);
        rcFlight(d, tx, 100);
        tx.killSwitch(false);
        rcFlight(d, tx, 1_900);
        tx.cut(org.hoverla.sim.rc.SimRcTransmitter.LinkLoss.FAILSAFE_FRAMES);
        rcFlight(d, tx, 1_500);
        tx.link(true);
        rcFlight(d, tx, 1_500);
        long after = THREADS.getCurrentThreadAllocatedBytes();
        d.statusSub.update(d.status);
        // Then not one byte was allocated on this thread, and RC was flying it
        assertThat(d.status.mode).isEqualTo(FlightMode.POSITION);
        assertThat(d.status.armed()).isTrue();
        assertThat(after - before).isZero();
    }

    private static void rcFlight(SimDriver d, org.hoverla.sim.rc.SimRcTransmitter tx, int cycles) {
        for (int i = 0; i < cycles; i++) {
            tx.update(d.sim.nowNs());
            d.sim.step();
        }
    }

    /** Publishes the sticks every 40 cycles (QGC's 25 Hz) while stepping; drains operator messages. */
    private static void manualFlight(SimDriver d, org.hoverla.core.bus.Publication<org.hoverla.core.msg.ManualControlSetpoint> pub,
                                     org.hoverla.core.msg.ManualControlSetpoint input, double pitch, double yaw,
                                     double throttle, int cycles) {
        for (int i = 0; i < cycles; i++) {
            if (i % 40 == 0) {
                input.timestampNs = d.sim.nowNs();
                input.count++;
                input.pitchNorm = pitch;
                input.yawNorm = yaw;
                input.throttleNorm = throttle;
                pub.publish(input);
            }
            d.sim.step();
        }
    }

    @Test
    void shouldAllocateNothingWithTwoImusAndTwoBarometersFailingOverAndBack() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        // Given the real flight stack on a still vehicle with two IMUs (the second mounted
        // yawed 90°), two barometers, a magnetometer (rolled 180°) and a GNSS receiver
        GroundRig rig = new GroundRig();
        // warm-up, unmeasured: alignment, the GNSS checks and origin, settling, and every frontend
        // path twice (failover on a silent IMU and a frozen barometer, the operator messages, the
        // return after the hold). The first execution of a code path resolves its string
        // constants on this thread (one-time, not per-cycle), so each path runs before the window.
        rig.run(30_000);
        rig.faultCycle();
        rig.faultCycle();
        assertThat(rig.imuFailovers()).isEqualTo(2);
        assertThat(rig.baroFailovers()).isEqualTo(2);
        rig.drainEvents();

        // When 12,000 cycles run with IMU 0 silent, barometer 0 frozen, both coming back and
        // being taken back after the hold
        long before = THREADS.getCurrentThreadAllocatedBytes();
        rig.faultCycle();
        long after = THREADS.getCurrentThreadAllocatedBytes();

        // Then both roles failed over and returned again, and not one byte was allocated
        assertThat(rig.imuFailovers()).isEqualTo(3);
        assertThat(rig.baroFailovers()).isEqualTo(3);
        assertThat(rig.imuSelected()).isZero();
        assertThat(rig.baroSelected()).isZero();
        assertThat(after - before).isZero();
        assertThat(rig.estimatorAttitudeValid()).isTrue();
    }

    /**
     * A still, level vehicle on the ground fed to a {@link org.hoverla.core.vehicle.FlightStack}
     * through fake devices with preset noise (no allocation while stepping): the lockstep
     * simulator has one instance per role, this rig two IMUs and two barometers.
     */
    private static final class GroundRig {
        private static final double G = 9.80665;
        private static final long STEP_NS = 1_000_000L;
        private final double[] noise = new double[4096];
        private int noiseIndex;
        private final FakeImu imu0 = new FakeImu(org.hoverla.core.sensors.Rotation.NONE);
        private final FakeImu imu1 = new FakeImu(org.hoverla.core.sensors.Rotation.YAW_90);
        private final FakeBaro baro0 = new FakeBaro();
        private final FakeBaro baro1 = new FakeBaro();
        private final FakeMag mag = new FakeMag(org.hoverla.core.sensors.Rotation.ROLL_180);
        private final FakeGnss gnss = new FakeGnss();
        private final org.hoverla.core.vehicle.FlightStack stack;
        private final org.hoverla.core.bus.Subscription<org.hoverla.core.msg.SensorsStatus> imuStatusSub;
        private final org.hoverla.core.bus.Subscription<org.hoverla.core.msg.SensorsStatus> baroStatusSub;
        private final org.hoverla.core.bus.Subscription<org.hoverla.core.msg.EstimatorStatus> estimatorSub;
        private final org.hoverla.core.msg.SensorsStatus sensors = new org.hoverla.core.msg.SensorsStatus();
        private final org.hoverla.core.msg.EstimatorStatus estimator = new org.hoverla.core.msg.EstimatorStatus();
        private final org.hoverla.core.msg.VehicleEvent event = new org.hoverla.core.msg.VehicleEvent();
        private long nowNs;

        GroundRig() {
            java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
            for (int i = 0; i < noise.length; i++) {
                noise[i] = rng.nextGaussian();
            }
            org.hoverla.sim.hal.SimDevices sim = new org.hoverla.sim.hal.SimDevices(4);
            int busSim = org.hoverla.core.vehicle.SetupParams.BUS_TYPE_SIMULATION;
            org.hoverla.core.vehicle.VehicleDevices devices = new org.hoverla.core.vehicle.VehicleDevices(
                    java.util.List.of(
                            new org.hoverla.core.vehicle.SensorInstance<>("imu0", imu0,
                                    org.hoverla.core.vehicle.SetupParams.deviceId(busSim, 1, 1, 0x14), imu0.rotation, 10),
                            new org.hoverla.core.vehicle.SensorInstance<>("imu1", imu1,
                                    org.hoverla.core.vehicle.SetupParams.deviceId(busSim, 1, 4, 0x14), imu1.rotation, 5)),
                    java.util.List.of(
                            new org.hoverla.core.vehicle.SensorInstance<>("baro0", baro0,
                                    org.hoverla.core.vehicle.SetupParams.deviceId(busSim, 1, 2, 0x65),
                                    org.hoverla.core.sensors.Rotation.NONE, 10),
                            new org.hoverla.core.vehicle.SensorInstance<>("baro1", baro1,
                                    org.hoverla.core.vehicle.SetupParams.deviceId(busSim, 1, 5, 0x65),
                                    org.hoverla.core.sensors.Rotation.NONE, 5)),
                    java.util.List.of(new org.hoverla.core.vehicle.SensorInstance<>("mag0", mag,
                            org.hoverla.core.vehicle.SetupParams.deviceId(busSim, 1, 3, 0x03), mag.rotation, 0)),
                    gnss, sim.rc, sim.battery, sim.motors);
            stack = new org.hoverla.core.vehicle.FlightStack(devices, new org.hoverla.core.param.ParamStore(),
                    org.hoverla.core.time.SystemClock.INSTANCE, org.hoverla.core.sched.TaskErrorPolicy.RETHROW);
            imuStatusSub = stack.bus().sensorsStatusImu.subscribe();
            baroStatusSub = stack.bus().sensorsStatusBaro.subscribe();
            estimatorSub = stack.bus().estimatorStatus.subscribe();
        }

        /** IMU 0 silent 1 s and barometer 0 frozen 1 s, then 5.5 s for the hold and the return: 12,000 cycles. */
        void faultCycle() {
            imu0.alive = false;
            baro0.frozen = true;
            run(1_000);
            imu0.alive = true;
            baro0.frozen = false;
            run(11_000);
        }

        void run(int cycles) {
            for (int i = 0; i < cycles; i++) {
                nowNs += STEP_NS;
                imu0.sample(this);
                imu1.sample(this);
                if (nowNs % 20_000_000L == 0) {
                    baro0.sample(this);
                    baro1.sample(this);
                }
                if (nowNs % 10_000_000L == 0) {
                    mag.sample(this);
                }
                if (nowNs % 200_000_000L == 0) {
                    gnss.sample(this);
                }
                stack.scheduler().runCycle(nowNs);
            }
        }

        double noise() {
            noiseIndex = (noiseIndex + 1) & (noise.length - 1);
            return noise[noiseIndex];
        }

        long imuFailovers() {
            imuStatusSub.copy(sensors);
            return sensors.failovers;
        }

        long baroFailovers() {
            baroStatusSub.copy(sensors);
            return sensors.failovers;
        }

        int imuSelected() {
            imuStatusSub.copy(sensors);
            return sensors.selected;
        }

        int baroSelected() {
            baroStatusSub.copy(sensors);
            return sensors.selected;
        }

        boolean estimatorAttitudeValid() {
            estimatorSub.copy(estimator);
            return estimator.attitudeValid;
        }

        void drainEvents() {
            while (stack.bus().events.poll(event)) {
                // operator messages are the links' business
            }
        }

        /** Sensor axes of a body vector: Rᵀ·v. */
        static double sensorAxis(org.hoverla.core.sensors.Rotation r, int axis, double x, double y, double z) {
            return r.element(0, axis) * x + r.element(1, axis) * y + r.element(2, axis) * z;
        }

        long nowNs() {
            return nowNs;
        }
    }

    private static final class FakeImu implements org.hoverla.hal.Imu {
        final org.hoverla.core.sensors.Rotation rotation;
        private final org.hoverla.hal.ImuSample next = new org.hoverla.hal.ImuSample();
        private boolean fresh;
        boolean alive = true;

        FakeImu(org.hoverla.core.sensors.Rotation rotation) {
            this.rotation = rotation;
        }

        void sample(GroundRig rig) {
            double gx = 1e-3 * rig.noise();
            double gy = 1e-3 * rig.noise();
            double gz = 1e-3 * rig.noise();
            double ax = 0.02 * rig.noise();
            double ay = 0.02 * rig.noise();
            double az = -GroundRig.G + 0.02 * rig.noise();
            next.timestampSampleNs = rig.nowNs();
            next.gyroXRadps = GroundRig.sensorAxis(rotation, 0, gx, gy, gz);
            next.gyroYRadps = GroundRig.sensorAxis(rotation, 1, gx, gy, gz);
            next.gyroZRadps = GroundRig.sensorAxis(rotation, 2, gx, gy, gz);
            next.accelXMps2 = GroundRig.sensorAxis(rotation, 0, ax, ay, az);
            next.accelYMps2 = GroundRig.sensorAxis(rotation, 1, ax, ay, az);
            next.accelZMps2 = GroundRig.sensorAxis(rotation, 2, ax, ay, az);
            fresh = alive;
        }

        @Override
        public boolean poll(org.hoverla.hal.ImuSample dst) {
            if (!fresh) {
                return false;
            }
            fresh = false;
            dst.copyFrom(next);
            return true;
        }
    }

    private static final class FakeBaro implements org.hoverla.hal.Barometer {
        private final org.hoverla.hal.BaroSample next = new org.hoverla.hal.BaroSample();
        private boolean fresh;
        boolean frozen;

        void sample(GroundRig rig) {
            next.timestampSampleNs = rig.nowNs();
            if (!frozen) {
                next.pressurePa = 98_000.0 + 1.2 * rig.noise();
                next.temperatureC = 25.0;
            }
            fresh = true;
        }

        @Override
        public boolean poll(org.hoverla.hal.BaroSample dst) {
            if (!fresh) {
                return false;
            }
            fresh = false;
            dst.copyFrom(next);
            return true;
        }
    }

    private static final class FakeMag implements org.hoverla.hal.Magnetometer {
        final org.hoverla.core.sensors.Rotation rotation;
        private final org.hoverla.hal.MagSample next = new org.hoverla.hal.MagSample();
        private boolean fresh;

        FakeMag(org.hoverla.core.sensors.Rotation rotation) {
            this.rotation = rotation;
        }

        void sample(GroundRig rig) {
            double x = 0.2 + 0.002 * rig.noise();
            double y = 0.002 * rig.noise();
            double z = 0.45 + 0.002 * rig.noise();
            next.timestampSampleNs = rig.nowNs();
            next.fieldXGauss = GroundRig.sensorAxis(rotation, 0, x, y, z);
            next.fieldYGauss = GroundRig.sensorAxis(rotation, 1, x, y, z);
            next.fieldZGauss = GroundRig.sensorAxis(rotation, 2, x, y, z);
            fresh = true;
        }

        @Override
        public boolean poll(org.hoverla.hal.MagSample dst) {
            if (!fresh) {
                return false;
            }
            fresh = false;
            dst.copyFrom(next);
            return true;
        }
    }

    private static final class FakeGnss implements org.hoverla.hal.GnssReceiver {
        private final org.hoverla.hal.GnssSample next = new org.hoverla.hal.GnssSample();
        private boolean fresh;

        void sample(GroundRig rig) {
            next.timestampSampleNs = rig.nowNs();
            next.fixType = org.hoverla.hal.GnssSample.FIX_3D;
            next.satellitesUsed = 14;
            next.latDeg = 50.4017 + 1e-7 * rig.noise();
            next.lonDeg = 30.5 + 1e-7 * rig.noise();
            next.altMslM = 180.0 + 0.05 * rig.noise();
            next.velNMps = 0.02 * rig.noise();
            next.velEMps = 0.02 * rig.noise();
            next.velDMps = 0.02 * rig.noise();
            next.ephM = 0.8;
            next.epvM = 1.2;
            next.sAccMps = 0.2;
            fresh = true;
        }

        @Override
        public boolean poll(org.hoverla.hal.GnssSample dst) {
            if (!fresh) {
                return false;
            }
            fresh = false;
            dst.copyFrom(next);
            return true;
        }
    }

    @Test
    void shouldDetectAnAllocationWhenThereIsOne() {
        // Guards the test above against a counter that never moves.
        THREADS.setThreadAllocatedMemoryEnabled(true);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Object[] sink = new Object[1000];
        long after = THREADS.getCurrentThreadAllocatedBytes();
        assertThat(sink).hasSize(1000);
        assertThat(after - before).isGreaterThanOrEqualTo(4000);
    }

    private static long allocatedDuring(SimDriver d, int cycles) {
        // As the vehicle does at boot: with the literals of everything loaded resolved, a JIT compile
        // requested from this thread in the window cannot create them here (ConstantPoolStrings).
        FlightClassPreloader.preload(d.getClass(), d.sim.getClass());
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < cycles; i++) {
            d.sim.step();
        }
        long after = THREADS.getCurrentThreadAllocatedBytes();
        d.statusSub.update(d.status);
        return after - before;
    }
}
