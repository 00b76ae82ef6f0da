package org.hoverla.sim.lockstep;

import org.hoverla.core.math.GeoRef;
import org.hoverla.core.math.Vec3;
import org.hoverla.core.time.SimClock;
import org.hoverla.sim.hal.SimDevices;
import org.hoverla.sim.physics.Airframe;
import org.hoverla.sim.physics.BenchFixture;
import org.hoverla.sim.physics.BatterySim;
import org.hoverla.sim.physics.MulticopterSim;
import org.hoverla.sim.physics.WindSim;
import org.hoverla.sim.sensors.BaroSim;
import org.hoverla.sim.sensors.GnssSim;
import org.hoverla.sim.sensors.ImuSim;
import org.hoverla.sim.sensors.MagSim;

/**
 * The simulated world without a flight stack: wind, the multicopter's physics, its battery, the
 * sensor models and the simulated HAL they deposit into. One {@link #stepWorld()} advances it by
 * {@link SimConfig#stepNs} (1 ms by default):
 * <pre>
 *   wind → physics (the motor commands last written to {@link SimDevices#motors}) → battery
 *   → clock += one step → sensor models deposit new samples in {@link #devices()}
 * </pre>
 * Who runs the flight code is the caller's business: {@link LockstepSim} runs a scheduler cycle
 * in-process, {@code SimulatorApiServer} sends the samples over PX4's simulator MAVLink API.
 *
 * <p>Seeds: each noise source has its own generator derived from {@link SimConfig#seed}, so a
 * world is deterministic per seed. Single-threaded; allocation-free per step after construction.
 */
public final class SimWorld {
    private final long stepNs;
    private final double stepS;
    private static final long BATTERY_PERIOD_NS = 100_000_000L;

    private final SimConfig config;
    private final SimClock clock;
    private final Airframe airframe;
    private final MulticopterSim vehicle;
    private final WindSim wind;
    private final BatterySim battery;
    private final ImuSim imuSim;
    private final BaroSim baroSim;
    private final MagSim magSim;
    private final GnssSim gnssSim;
    private final SimDevices devices;
    private final GeoRef homeRef;
    private final Vec3 windNedMps = new Vec3();
    private final BenchFixture benchFixture = new BenchFixture();
    private boolean wasOnBench;
    private long nextBatteryNs;
    /** Injected failures applied to the devices and motors; null until {@link #attachFailureInjection}. */
    private SimFaults faults;

    /**
     * @param config   site, weather, sensor models and seed (its barometer home altitude and
     *                 magnetic field are filled in from the site)
     * @param airframe the vehicle to simulate (its motor count sizes the motor outputs)
     */
    public SimWorld(SimConfig config, Airframe airframe) {
        this(config, airframe, new SimClock());
    }

    /** As {@link #SimWorld(SimConfig, Airframe)}, on a clock the caller made (the vehicle boots on it first). */
    public SimWorld(SimConfig config, Airframe airframe, SimClock clock) {
        this.clock = clock;
        this.config = config;
        this.airframe = airframe;
        if (config.stepNs <= 0) {
            throw new IllegalArgumentException("simulation step must be > 0 ns: " + config.stepNs);
        }
        this.stepNs = config.stepNs;
        this.stepS = stepNs * 1e-9;
        // The IMU noise model assumes it is sampled once per step.
        config.imu.sampleRateHz = 1e9 / stepNs;
        long seed = config.seed;
        vehicle = new MulticopterSim(airframe, Math.toRadians(config.initialYawDeg));
        wind = new WindSim(seed * 31 + 1, config.windSpeedMps, config.windFromDeg, config.effectiveGustSigmaMps());
        battery = new BatterySim(airframe);
        imuSim = new ImuSim(seed * 31 + 2, config.imu, config.sensorErrors);
        config.baro.homeAltMslM = config.homeAltM;
        baroSim = new BaroSim(seed * 31 + 3, config.baro, config.sensorErrors);
        MagSim.dipoleField(config.homeLatDeg, config.homeLonDeg, config.mag.fieldNedGauss);
        magSim = new MagSim(seed * 31 + 4, config.mag, config.sensorErrors);
        homeRef = new GeoRef(config.homeLatDeg, config.homeLonDeg, config.homeAltM);
        gnssSim = new GnssSim(seed * 31 + 5, config.gnss, homeRef);
        devices = new SimDevices(airframe.motorCount());
        if (config.startOnBench) {
            benchFixture.engage(vehicle.attitude());
        }
    }

    /**
     * Advances the world by one step with the motor commands currently in
     * {@code devices().motors} and deposits the new sensor samples.
     *
     * @return the world time after the step (ns)
     */
    public long stepWorld() {
        SimFaults f = faults;
        if (f != null) {
            f.refresh();
        }
        wind.update(stepS, windNedMps);
        if (benchFixture.engaged()) {
            // On the calibration bench: the fixture, not the dynamics, decides the attitude.
            benchFixture.step(stepS);
            vehicle.holdInFixture(stepS, benchFixture.attitude(), benchFixture.rateFrd(), devices.motors.commands(),
                    battery.voltageV());
            wasOnBench = true;
        } else {
            if (wasOnBench) {
                vehicle.setDownLevel();
                wasOnBench = false;
            }
            vehicle.step(stepS, devices.motors.commands(), battery.voltageV(), windNedMps);
        }
        battery.update(stepS, vehicle.totalCurrentA());
        clock.advance(stepNs);
        long now = clock.nanoTime();

        imuSim.sample(vehicle, now, devices.imu.sample);
        if (f == null || f.imu(now, devices.imu.sample)) {
            devices.imu.deliver();
        }
        if (baroSim.update(vehicle, now, devices.barometer.sample)
                && (f == null || f.baro(now, devices.barometer.sample))) {
            devices.barometer.deliver();
        }
        if (magSim.update(vehicle, now, devices.magnetometer.sample)
                && (f == null || f.mag(now, devices.magnetometer.sample))) {
            devices.magnetometer.deliver();
        }
        if (gnssSim.update(vehicle, now, devices.gnss.sample) && (f == null || f.gnss(now, devices.gnss.sample))) {
            devices.gnss.deliver();
        }
        if (now >= nextBatteryNs) {
            battery.sample(now, devices.battery.sample);
            if (f == null || f.battery(now, devices.battery.sample)) {
                devices.battery.deliver();
            }
            nextBatteryNs = now + BATTERY_PERIOD_NS;
        }
        return now;
    }

    /**
     * Applies the failures {@code failures} holds (MAV_CMD_INJECT_FAILURE, scenarios) to this world's
     * devices, motors and RC receiver from the next step on, and declares there which unit×type
     * pairs the simulator applies ({@link SimFaults}). Boot thread, before the first step.
     */
    public void attachFailureInjection(org.hoverla.core.fault.FailureInjection failures) {
        faults = new SimFaults(config.seed, failures, devices, vehicle, (int) Math.round(1e9 / stepNs));
    }

    /** Declares on {@code failures} the unit×type pairs a simulated world applies ({@link SimFaults}). */
    public static void declareSimulatorSupport(org.hoverla.core.fault.FailureInjection failures) {
        SimFaults.declareSupported(failures);
    }

    /**
     * A scenario's thrust loss: motor {@code index} (0-based) gives {@code fraction} of its thrust
     * (0 dead .. 1 healthy), combined with an injected motor failure. Needs {@link #attachFailureInjection}.
     */
    public void setScenarioMotorThrust(int index, double fraction) {
        if (faults == null) {
            vehicle.setMotorThrustFactor(index, fraction);
        } else {
            faults.scenarioThrust(index, fraction);
        }
    }

    /**
     * The calibration bench: {@link BenchFixture#engage engage} it to hold the vehicle (it starts
     * engaged when {@link SimConfig#startOnBench}); after {@link BenchFixture#release release} the
     * vehicle is set down level and flies by its dynamics again.
     */
    public BenchFixture benchFixture() {
        return benchFixture;
    }

    /** @return the step this world advances by, ns */
    public long stepNs() {
        return stepNs;
    }

    public ImuSim imuSim() {
        return imuSim;
    }

    public MagSim magSim() {
        return magSim;
    }

    public BaroSim baroSim() {
        return baroSim;
    }

    /** Declination of the simulated magnetic field at the site (rad), for EST_MAG_DECL. */
    public double magDeclinationRad() {
        return magSim.declinationRad();
    }

    /** The world clock; other threads may read it. */
    public SimClock clock() {
        return clock;
    }

    public SimConfig config() {
        return config;
    }

    public Airframe airframe() {
        return airframe;
    }

    public MulticopterSim vehicle() {
        return vehicle;
    }

    /** The wind model (a scenario changes the weather through it). */
    public WindSim wind() {
        return wind;
    }

    public BatterySim battery() {
        return battery;
    }

    public GnssSim gnss() {
        return gnssSim;
    }

    public SimDevices devices() {
        return devices;
    }

    /** Truth frame: NED at home on the ground. */
    public GeoRef homeRef() {
        return homeRef;
    }

    public Vec3 windNedMps() {
        return windNedMps;
    }
}
