package org.hoverla.core.simapi;

import org.hoverla.core.bus.Publication;
import org.hoverla.core.bus.Subscription;
import org.hoverla.core.bus.Topic;
import org.hoverla.core.vehicle.SetupParams;
import org.hoverla.core.vehicle.VehicleDevices;
import org.hoverla.hal.BaroSample;
import org.hoverla.hal.Barometer;
import org.hoverla.hal.BatteryMonitor;
import org.hoverla.hal.BatterySample;
import org.hoverla.hal.GnssReceiver;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.Imu;
import org.hoverla.hal.ImuSample;
import org.hoverla.hal.MagSample;
import org.hoverla.hal.Magnetometer;
import org.hoverla.hal.MotorOutputs;
import org.hoverla.hal.RcInputSample;
import org.hoverla.hal.RcReceiver;

/**
 * The devices of a vehicle fed by an external simulator over the simulator MAVLink API: an IMU,
 * barometer, magnetometer and GNSS receiver whose samples {@link SimulatorApiVehicleLink} deposits
 * from HIL_SENSOR / HIL_GPS, a battery monitor, motor outputs that the link reads back into
 * HIL_ACTUATOR_CONTROLS, and an RC receiver that never delivers (RC_CHANNELS from the simulator is
 * not handled yet).
 *
 * <p><b>Battery:</b> the API carries no battery (PX4 runs its {@code battery_simulator} module on
 * the vehicle side), so this class models one the same way: the state of charge starts full,
 * falls linearly while armed by 1/{@code drainS} per second down to {@code minFraction}, and the
 * voltage is {@code cells * (empty + soc * (full - empty))}; current is not measured (NaN). PX4's
 * defaults are SIM_BAT_DRAIN 60 s and SIM_BAT_MIN_PCT 50 %.
 *
 * <p><b>Threads:</b> the link thread deposits samples and also runs the flight cycle that polls
 * them; the hand-over still goes through {@link Topic}s (seqlock, allocation-free) so a boot
 * that runs the flight thread elsewhere stays correct. {@link #motors} is written by the flight
 * cycle and read by the link thread between cycles. Allocation-free after construction.
 *
 * <p>Device ids are PX4's SITL ids (bus type SIMULATION), as {@code SimDevices} uses, so a
 * calibration made in one simulator applies in the other.
 */
public final class SimulatorApiDevices {
    /** PX4 SITL IMU: SIMULATION, bus 1, address 1, DRV_IMU_DEVTYPE_SIM 0x14 (1310988). */
    public static final int IMU_DEVICE_ID = SetupParams.deviceId(SetupParams.BUS_TYPE_SIMULATION, 1, 1, 0x14);
    /** PX4 SITL barometer: SIMULATION, bus 1, address 2, DRV_BARO_DEVTYPE_BAROSIM 0x65. */
    public static final int BARO_DEVICE_ID = SetupParams.deviceId(SetupParams.BUS_TYPE_SIMULATION, 1, 2, 0x65);
    /** PX4 SITL magnetometer: SIMULATION, bus 1, address 3, type 0x03 (197388). */
    public static final int MAG_DEVICE_ID = SetupParams.deviceId(SetupParams.BUS_TYPE_SIMULATION, 1, 3, 0x03);

    private final Topic<ImuSample> imuTopic = new Topic<>("simapi_imu", new ImuSample(), ImuSample::copyFrom);
    private final Topic<BaroSample> baroTopic = new Topic<>("simapi_baro", new BaroSample(), BaroSample::copyFrom);
    private final Topic<MagSample> magTopic = new Topic<>("simapi_mag", new MagSample(), MagSample::copyFrom);
    private final Topic<GnssSample> gnssTopic = new Topic<>("simapi_gnss", new GnssSample(), GnssSample::copyFrom);
    private final Topic<BatterySample> batteryTopic =
            new Topic<>("simapi_battery", new BatterySample(), BatterySample::copyFrom);
    final Publication<ImuSample> imuPub = imuTopic.advertise();
    final Publication<BaroSample> baroPub = baroTopic.advertise();
    final Publication<MagSample> magPub = magTopic.advertise();
    final Publication<GnssSample> gnssPub = gnssTopic.advertise();
    private final Publication<BatterySample> batteryPub = batteryTopic.advertise();
    private final BatterySample batterySample = new BatterySample();

    public final Imu imu;
    public final Barometer barometer;
    public final Magnetometer magnetometer;
    public final GnssReceiver gnss;
    public final BatteryMonitor battery;
    public final RcReceiver rc = dst -> false;
    public final Motors motors;

    private final int cells;
    private final double fullCellV;
    private final double emptyCellV;
    private final double drainS;
    private final double minFraction;
    private double stateOfCharge = 1.0;
    private long lastBatteryNs = Long.MIN_VALUE;

    /**
     * @param motorCount  motors the airframe drives (at most {@value HilUnits#CONTROL_COUNT})
     * @param cells       battery cells in series (BAT1_N_CELLS)
     * @param fullCellV   full cell voltage (BAT1_V_CHARGED)
     * @param emptyCellV  empty cell voltage (BAT1_V_EMPTY)
     * @param drainS      seconds of armed time from full to empty (PX4 SIM_BAT_DRAIN, 60)
     * @param minFraction the state of charge the model stops at (PX4 SIM_BAT_MIN_PCT / 100, 0.5)
     */
    public SimulatorApiDevices(int motorCount, int cells, double fullCellV, double emptyCellV, double drainS,
                               double minFraction) {
        if (motorCount < 1 || motorCount > HilUnits.CONTROL_COUNT) {
            throw new IllegalArgumentException("motor count must be 1.." + HilUnits.CONTROL_COUNT + ", not " + motorCount);
        }
        if (cells < 1 || !(emptyCellV > 0.0 && fullCellV > emptyCellV) || !(drainS > 0.0)
                || !(minFraction >= 0.0 && minFraction <= 1.0)) {
            throw new IllegalArgumentException("bad battery model: cells " + cells + ", full " + fullCellV + " V, empty "
                    + emptyCellV + " V, drain " + drainS + " s, minimum " + minFraction);
        }
        this.cells = cells;
        this.fullCellV = fullCellV;
        this.emptyCellV = emptyCellV;
        this.drainS = drainS;
        this.minFraction = minFraction;
        this.motors = new Motors(motorCount);
        Subscription<ImuSample> imuSub = imuTopic.subscribe();
        Subscription<BaroSample> baroSub = baroTopic.subscribe();
        Subscription<MagSample> magSub = magTopic.subscribe();
        Subscription<GnssSample> gnssSub = gnssTopic.subscribe();
        Subscription<BatterySample> batterySub = batteryTopic.subscribe();
        imu = imuSub::update;
        barometer = baroSub::update;
        magnetometer = magSub::update;
        gnss = gnssSub::update;
        battery = batterySub::update;
    }

    /** The devices as the flight stack takes them: one unrotated instance per role. */
    public VehicleDevices asVehicleDevices() {
        return VehicleDevices.single(imu, IMU_DEVICE_ID, barometer, BARO_DEVICE_ID, magnetometer, MAG_DEVICE_ID, gnss, rc,
                battery, motors);
    }

    /** Advances the battery model to {@code nowNs} and publishes a reading (link thread). */
    void updateBattery(long nowNs) {
        if (lastBatteryNs != Long.MIN_VALUE && motors.armed()) {
            double dtS = (nowNs - lastBatteryNs) * 1e-9;
            stateOfCharge = Math.max(minFraction, stateOfCharge - dtS / drainS);
        }
        lastBatteryNs = nowNs;
        batterySample.timestampSampleNs = nowNs;
        batterySample.voltageV = cells * (emptyCellV + stateOfCharge * (fullCellV - emptyCellV));
        batterySample.currentA = Double.NaN;
        batteryPub.publish(batterySample);
    }

    /** The modelled state of charge, 1 full. */
    public double batteryStateOfCharge() {
        return stateOfCharge;
    }

    /**
     * Motor outputs: keeps the last commands (0..1) for the link to send. Disarmed or never
     * written means every command is 0, as PX4 fills HIL_ACTUATOR_CONTROLS when disarmed.
     */
    public static final class Motors implements MotorOutputs {
        private final double[] commands;
        private volatile boolean armed;
        private volatile long writes;

        Motors(int count) {
            commands = new double[count];
        }

        @Override
        public int motorCount() {
            return commands.length;
        }

        @Override
        public void write(double[] commandsNorm, boolean armed) {
            for (int i = 0; i < commands.length; i++) {
                double c = armed ? commandsNorm[i] : 0.0;
                // Written as c >= 0 so NaN becomes 0 (stopped).
                commands[i] = c >= 0.0 ? (c <= 1.0 ? c : 1.0) : 0.0;
            }
            this.armed = armed;
            writes++;
        }

        /** Stops every motor and clears the armed flag until the flight stack writes again. */
        void forceDisarmed() {
            java.util.Arrays.fill(commands, 0.0);
            armed = false;
        }

        /** Command of motor {@code i} (0..1). */
        public double command(int i) {
            return commands[i];
        }

        public boolean armed() {
            return armed;
        }

        /** Number of writes by the flight stack. */
        public long writes() {
            return writes;
        }
    }
}
