package org.hoverla.sim.lockstep;

import org.hoverla.core.fault.FailureInjection;
import org.hoverla.core.fault.FailureType;
import org.hoverla.core.fault.FailureUnit;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.hoverla.sim.hal.SimDevices;
import org.hoverla.sim.physics.MulticopterSim;
import org.hoverla.sim.sensors.SensorFaultStage;

/**
 * The simulated world's side of failure injection: applies what {@link FailureInjection} holds to
 * the simulated sensors' samples (through {@link SensorFaultStage}s), the motors' thrust and the RC
 * receiver. What it applies is declared to the injection state ({@link #declareSupported}), so a
 * ground station's MAV_CMD_INJECT_FAILURE is accepted exactly for these pairs:
 * <pre>
 *   gyro, accel, mag, baro, gps, battery   off stuck garbage wrong slow delayed intermittent
 *   motor                                  off (no thrust), wrong (half thrust)
 *   rc_signal                              off (the receiver hears nothing)
 * </pre>
 * The simulated IMU is one device: off, slow, delayed and intermittent of gyro or accel act on
 * both; stuck, garbage and wrong only on the named one's axes.
 *
 * <p>Simulation thread; allocation-free per step after construction. The injected state is read
 * again only when its generation moved.
 */
final class SimFaults {
    /** wrong: gyro bias per axis, rad/s (about 2.9 deg/s). */
    static final double WRONG_GYRO_RADPS = 0.05;
    /** wrong: accelerometer bias on x, m/s^2. */
    static final double WRONG_ACCEL_MPS2 = 1.0;
    /** wrong: barometer offset, Pa (about 10 m higher). */
    static final double WRONG_BARO_PA = -120.0;
    /** wrong: GNSS position offset north, m. */
    static final double WRONG_GNSS_NORTH_M = 30.0;
    /** wrong: battery voltage scale. */
    static final double WRONG_BATTERY_SCALE = 0.85;
    /** wrong: thrust fraction of a motor. */
    static final double WRONG_MOTOR_THRUST = 0.5;

    private final FailureInjection failures;
    private final SimDevices devices;
    private final MulticopterSim vehicle;
    private final double[] scenarioThrust;
    private int seenGeneration = -1;
    private FailureType gyro = FailureType.OK;
    private FailureType accel = FailureType.OK;
    private FailureType mag = FailureType.OK;
    private FailureType baro = FailureType.OK;
    private FailureType gps = FailureType.OK;
    private FailureType battery = FailureType.OK;

    private final SensorFaultStage<ImuSample> gyroStage;
    private final SensorFaultStage<ImuSample> accelStage;
    private final SensorFaultStage<MagSample> magStage;
    private final SensorFaultStage<BaroSample> baroStage;
    private final SensorFaultStage<GnssSample> gnssStage;
    private final SensorFaultStage<BatterySample> batteryStage;

    SimFaults(long seed, FailureInjection failures, SimDevices devices, MulticopterSim vehicle, int imuRateHz) {
        this.failures = failures;
        this.devices = devices;
        this.vehicle = vehicle;
        this.scenarioThrust = new double[devices.motors.motorCount()];
        java.util.Arrays.fill(scenarioThrust, 1.0);
        int imuDelay = (int) (imuRateHz * SensorFaultStage.DELAY_NS / 1_000_000_000L) + 16;
        gyroStage = new SensorFaultStage<>(seed * 41 + 1, ImuSample::new, ImuSample::copyFrom,
                new SensorFaultStage.Corruption<>() {
                    @Override
                    public void hold(ImuSample d, ImuSample h) {
                        d.gyroXRadps = h.gyroXRadps;
                        d.gyroYRadps = h.gyroYRadps;
                        d.gyroZRadps = h.gyroZRadps;
                    }

                    @Override
                    public void garbage(ImuSample s, java.util.SplittableRandom r) {
                        s.gyroXRadps = r.nextDouble(-10, 10);
                        s.gyroYRadps = r.nextDouble(-10, 10);
                        s.gyroZRadps = r.nextDouble(-10, 10);
                    }

                    @Override
                    public void wrong(ImuSample s) {
                        s.gyroXRadps += WRONG_GYRO_RADPS;
                        s.gyroYRadps += WRONG_GYRO_RADPS;
                        s.gyroZRadps += WRONG_GYRO_RADPS;
                    }
                }, imuDelay);
        accelStage = new SensorFaultStage<>(seed * 41 + 2, ImuSample::new, ImuSample::copyFrom,
                new SensorFaultStage.Corruption<>() {
                    @Override
                    public void hold(ImuSample d, ImuSample h) {
                        d.accelXMps2 = h.accelXMps2;
                        d.accelYMps2 = h.accelYMps2;
                        d.accelZMps2 = h.accelZMps2;
                    }

                    @Override
                    public void garbage(ImuSample s, java.util.SplittableRandom r) {
                        s.accelXMps2 = r.nextDouble(-50, 50);
                        s.accelYMps2 = r.nextDouble(-50, 50);
                        s.accelZMps2 = r.nextDouble(-50, 50);
                    }

                    @Override
                    public void wrong(ImuSample s) {
                        s.accelXMps2 += WRONG_ACCEL_MPS2;
                    }
                }, imuDelay);
        magStage = new SensorFaultStage<>(seed * 41 + 3, MagSample::new, MagSample::copyFrom,
                new SensorFaultStage.Corruption<>() {
                    @Override
                    public void hold(MagSample d, MagSample h) {
                        d.fieldXGauss = h.fieldXGauss;
                        d.fieldYGauss = h.fieldYGauss;
                        d.fieldZGauss = h.fieldZGauss;
                    }

                    @Override
                    public void garbage(MagSample s, java.util.SplittableRandom r) {
                        s.fieldXGauss = r.nextDouble(-2, 2);
                        s.fieldYGauss = r.nextDouble(-2, 2);
                        s.fieldZGauss = r.nextDouble(-2, 2);
                    }

                    @Override
                    public void wrong(MagSample s) {
                        // The field turned 90 degrees about the body z axis: a plausible field, a wrong heading.
                        double x = s.fieldXGauss;
                        s.fieldXGauss = -s.fieldYGauss;
                        s.fieldYGauss = x;
                    }
                }, 128);
        baroStage = new SensorFaultStage<>(seed * 41 + 4, BaroSample::new, BaroSample::copyFrom,
                new SensorFaultStage.Corruption<>() {
                    @Override
                    public void hold(BaroSample d, BaroSample h) {
                        d.pressurePa = h.pressurePa;
                        d.temperatureC = h.temperatureC;
                    }

                    @Override
                    public void garbage(BaroSample s, java.util.SplittableRandom r) {
                        s.pressurePa = r.nextDouble(30_000, 110_000);
                    }

                    @Override
                    public void wrong(BaroSample s) {
                        s.pressurePa += WRONG_BARO_PA;
                    }
                }, 128);
        gnssStage = new SensorFaultStage<>(seed * 41 + 5, GnssSample::new, GnssSample::copyFrom,
                new SensorFaultStage.Corruption<>() {
                    @Override
                    public void hold(GnssSample d, GnssSample h) {
                        d.latDeg = h.latDeg;
                        d.lonDeg = h.lonDeg;
                        d.altMslM = h.altMslM;
                        d.altEllipsoidM = h.altEllipsoidM;
                        d.velNMps = h.velNMps;
                        d.velEMps = h.velEMps;
                        d.velDMps = h.velDMps;
                    }

                    @Override
                    public void garbage(GnssSample s, java.util.SplittableRandom r) {
                        s.latDeg = r.nextDouble(-90, 90);
                        s.lonDeg = r.nextDouble(-180, 180);
                        s.altMslM = r.nextDouble(-500, 9000);
                        s.velNMps = r.nextDouble(-100, 100);
                        s.velEMps = r.nextDouble(-100, 100);
                        s.velDMps = r.nextDouble(-100, 100);
                    }

                    @Override
                    public void wrong(GnssSample s) {
                        s.latDeg += WRONG_GNSS_NORTH_M / 111_320.0;
                    }
                }, 16);
        batteryStage = new SensorFaultStage<>(seed * 41 + 6, BatterySample::new, BatterySample::copyFrom,
                new SensorFaultStage.Corruption<>() {
                    @Override
                    public void hold(BatterySample d, BatterySample h) {
                        d.voltageV = h.voltageV;
                        d.currentA = h.currentA;
                    }

                    @Override
                    public void garbage(BatterySample s, java.util.SplittableRandom r) {
                        s.voltageV = r.nextDouble(0, 30);
                        s.currentA = r.nextDouble(-10, 200);
                    }

                    @Override
                    public void wrong(BatterySample s) {
                        s.voltageV *= WRONG_BATTERY_SCALE;
                    }
                }, 16);
        declareSupported(failures);
    }

    /** The unit×type pairs the simulated world applies (boot time). */
    static void declareSupported(FailureInjection f) {
        FailureType[] sensorTypes = {FailureType.OFF, FailureType.STUCK, FailureType.GARBAGE, FailureType.WRONG,
            FailureType.SLOW, FailureType.DELAYED, FailureType.INTERMITTENT};
        for (FailureUnit u : new FailureUnit[] {FailureUnit.GYRO, FailureUnit.ACCEL, FailureUnit.MAG,
            FailureUnit.BARO, FailureUnit.GPS, FailureUnit.BATTERY}) {
            f.declareSupported(u, sensorTypes);
        }
        f.declareSupported(FailureUnit.MOTOR, FailureType.OFF, FailureType.WRONG);
        f.declareSupported(FailureUnit.RC_SIGNAL, FailureType.OFF);
    }

    /**
     * A scenario's own thrust loss for motor {@code index} (0-based), combined with any injected
     * motor failure.
     */
    void scenarioThrust(int index, double fraction) {
        if (index >= 0 && index < scenarioThrust.length) {
            scenarioThrust[index] = fraction;
            seenGeneration = -1;
        }
    }

    /** Before the physics step: reads the injection state when it changed; motors and RC follow it. */
    void refresh() {
        int g = failures.generation();
        if (g == seenGeneration) {
            return;
        }
        seenGeneration = g;
        gyro = failures.type(FailureUnit.GYRO, 1);
        accel = failures.type(FailureUnit.ACCEL, 1);
        mag = failures.type(FailureUnit.MAG, 1);
        baro = failures.type(FailureUnit.BARO, 1);
        gps = failures.type(FailureUnit.GPS, 1);
        battery = failures.type(FailureUnit.BATTERY, 1);
        for (int i = 0; i < scenarioThrust.length; i++) {
            FailureType t = failures.type(FailureUnit.MOTOR, i + 1);
            double injected = t == FailureType.OFF ? 0.0 : t == FailureType.WRONG ? WRONG_MOTOR_THRUST : 1.0;
            vehicle.setMotorThrustFactor(i, scenarioThrust[i] * injected);
        }
        devices.rc.alive = failures.type(FailureUnit.RC_SIGNAL, 1) != FailureType.OFF;
    }

    boolean imu(long nowNs, ImuSample s) {
        boolean gyroOk = gyroStage.apply(gyro, nowNs, s);
        return accelStage.apply(accel, nowNs, s) & gyroOk;
    }

    boolean mag(long nowNs, MagSample s) {
        return magStage.apply(mag, nowNs, s);
    }

    boolean baro(long nowNs, BaroSample s) {
        return baroStage.apply(baro, nowNs, s);
    }

    boolean gnss(long nowNs, GnssSample s) {
        return gnssStage.apply(gps, nowNs, s);
    }

    boolean battery(long nowNs, BatterySample s) {
        return batteryStage.apply(battery, nowNs, s);
    }
}
