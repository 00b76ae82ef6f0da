package org.hoverla.sim.physics;

/**
 * Immutable physical parameters of a multicopter airframe, its propulsion and its battery,
 * as used by {@link MulticopterSim} and {@link BatterySim}.
 *
 * <p>Frames and units: motor positions are in the body FRD frame (m) relative to the centre
 * of gravity; spin direction {@code +1} means counter-clockwise seen from above (the rotor's
 * reaction torque on the body is then {@code +z} FRD, i.e. nose right), {@code -1} clockwise.
 * Motor indices are zero-based in arrays and follow the PX4 quad-X numbering (index 0 = PX4
 * motor 1 front-right, 1 = rear-left, 2 = front-left, 3 = rear-right).
 *
 * <p>Thread-safety: immutable after construction; share freely. Array getters copy nothing:
 * callers use the indexed accessors.
 */
public final class Airframe {
    /** Standard gravity (m/s^2), CGPM 1901 conventional value. */
    public static final double GRAVITY_MPS2 = 9.80665;
    /** ISA sea-level air density (kg/m^3), ICAO Doc 7488 standard atmosphere. */
    public static final double AIR_DENSITY_KGPM3 = 1.225;

    private final double massKg;
    private final double ixxKgm2;
    private final double iyyKgm2;
    private final double izzKgm2;
    private final int motorCount;
    private final double[] motorXM;
    private final double[] motorYM;
    private final double[] motorZM;
    private final double[] spinDir;
    private final double kThrustNPerRadps2;
    private final double kTorqueNmPerRadps2;
    private final double maxRotorSpeedRadps;
    private final double motorTimeConstantS;
    private final double cdAreaXM2;
    private final double cdAreaYM2;
    private final double cdAreaZM2;
    private final double rotorDragNsPerMRad;
    private final double rotationalDampingNmsPerRad;
    private final double propulsionEfficiency;
    private final double avionicsCurrentA;
    private final int batteryCells;
    private final double batteryCapacityAh;
    private final double batteryInternalResistanceOhm;
    private final double[] ocvCellSocGrid;
    private final double[] ocvCellVoltsGrid;
    private final double nominalCellVoltageV;

    private Airframe(Builder b) {
        massKg = b.massKg;
        ixxKgm2 = b.ixxKgm2;
        iyyKgm2 = b.iyyKgm2;
        izzKgm2 = b.izzKgm2;
        motorCount = b.motorXM.length;
        motorXM = b.motorXM.clone();
        motorYM = b.motorYM.clone();
        motorZM = b.motorZM.clone();
        spinDir = b.spinDir.clone();
        kThrustNPerRadps2 = b.kThrustNPerRadps2;
        kTorqueNmPerRadps2 = b.kTorqueNmPerRadps2;
        maxRotorSpeedRadps = b.maxRotorSpeedRadps;
        motorTimeConstantS = b.motorTimeConstantS;
        cdAreaXM2 = b.cdAreaXM2;
        cdAreaYM2 = b.cdAreaYM2;
        cdAreaZM2 = b.cdAreaZM2;
        rotorDragNsPerMRad = b.rotorDragNsPerMRad;
        rotationalDampingNmsPerRad = b.rotationalDampingNmsPerRad;
        propulsionEfficiency = b.propulsionEfficiency;
        avionicsCurrentA = b.avionicsCurrentA;
        batteryCells = b.batteryCells;
        batteryCapacityAh = b.batteryCapacityAh;
        batteryInternalResistanceOhm = b.batteryInternalResistanceOhm;
        ocvCellSocGrid = b.ocvCellSocGrid.clone();
        ocvCellVoltsGrid = b.ocvCellVoltsGrid.clone();
        nominalCellVoltageV = b.nominalCellVoltageV;
    }

    /**
     * A ~1.6 kg, 450 mm class quad-X in the spirit of the DJI F450 with 2212/920KV motors,
     * 10x4.5 propellers and a 3S 5000 mAh LiPo. Every number and its source is documented in
     * {@link Builder#Builder()}; the inertia is computed there from point masses.
     */
    public static Airframe defaultQuadX() {
        return new Builder().build();
    }

    /**
     * The simulated airframe of a SYS_AUTOSTART id (4001 quad-X, 5001 quad-+, 6001 hexa-X; any
     * other id gives quad-X). The motor layouts are the firmware's (MotorGeometry quadPlus 0.225 m,
     * hexaX 0.275 m arms); mass, inertia and propulsion stay the quad-X's, an approximation good
     * enough to exercise each mixer in the loop.
     */
    public static Airframe forAutostart(int autostart) {
        Builder b = new Builder();
        double z = -Builder.ROTOR_ABOVE_COG_M;
        if (autostart == 5001) {
            double a = Builder.ARM_M;
            b.motors(new double[] {0.0, 0.0, a, -a}, new double[] {a, -a, 0.0, 0.0},
                    new double[] {z, z, z, z}, new double[] {1.0, 1.0, -1.0, -1.0});
        } else if (autostart == 6001) {
            double a = 0.275;
            double c = a * Math.sqrt(3.0) / 2.0;
            double h = a * 0.5;
            b.motors(new double[] {0.0, 0.0, c, -c, c, -c}, new double[] {a, -a, -h, h, h, -h},
                    new double[] {z, z, z, z, z, z}, new double[] {-1.0, 1.0, -1.0, 1.0, 1.0, -1.0});
        }
        return b.build();
    }

    /** A builder preloaded with the {@link #defaultQuadX()} values, for tests and variants. */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- accessors

    public double massKg() {
        return massKg;
    }

    public double ixxKgm2() {
        return ixxKgm2;
    }

    public double iyyKgm2() {
        return iyyKgm2;
    }

    public double izzKgm2() {
        return izzKgm2;
    }

    public int motorCount() {
        return motorCount;
    }

    /** Motor {@code i} position along body x (forward), m. */
    public double motorXM(int i) {
        return motorXM[i];
    }

    /** Motor {@code i} position along body y (right), m. */
    public double motorYM(int i) {
        return motorYM[i];
    }

    /** Motor {@code i} position along body z (down), m; negative = above the CoG. */
    public double motorZM(int i) {
        return motorZM[i];
    }

    /** +1 counter-clockwise seen from above, -1 clockwise. */
    public double spinDirection(int i) {
        return spinDir[i];
    }

    /** Thrust coefficient: thrust (N) = kT * omega^2 (rad/s). */
    public double kThrustNPerRadps2() {
        return kThrustNPerRadps2;
    }

    /** Rotor torque coefficient: aerodynamic torque (N m) = kQ * omega^2 (rad/s). */
    public double kTorqueNmPerRadps2() {
        return kTorqueNmPerRadps2;
    }

    /** Steady rotor speed at full command and nominal pack voltage (rad/s). */
    public double maxRotorSpeedRadps() {
        return maxRotorSpeedRadps;
    }

    /** First-order motor/rotor speed time constant (s). */
    public double motorTimeConstantS() {
        return motorTimeConstantS;
    }

    /** Drag coefficient times reference area along body x, y, z (m^2). */
    public double cdAreaXM2() {
        return cdAreaXM2;
    }

    public double cdAreaYM2() {
        return cdAreaYM2;
    }

    public double cdAreaZM2() {
        return cdAreaZM2;
    }

    /**
     * Rotor (induced) drag coefficient: horizontal body force (N) = -k * (sum of rotor speeds,
     * rad/s) * (air-relative body-horizontal velocity, m/s).
     */
    public double rotorDragNsPerMRad() {
        return rotorDragNsPerMRad;
    }

    /** Linear rotational damping torque (N m) per body rate (rad/s). */
    public double rotationalDampingNmsPerRad() {
        return rotationalDampingNmsPerRad;
    }

    /** Mechanical (shaft) power over electrical power, motors and ESCs together. */
    public double propulsionEfficiency() {
        return propulsionEfficiency;
    }

    /** Constant current drawn by flight controller, receiver, GNSS, telemetry (A). */
    public double avionicsCurrentA() {
        return avionicsCurrentA;
    }

    public int batteryCells() {
        return batteryCells;
    }

    public double batteryCapacityAh() {
        return batteryCapacityAh;
    }

    /** Whole-pack internal resistance (ohm). */
    public double batteryInternalResistanceOhm() {
        return batteryInternalResistanceOhm;
    }

    /** Nominal pack voltage (cells * nominal cell voltage), at which maxRotorSpeed applies. */
    public double nominalVoltageV() {
        return batteryCells * nominalCellVoltageV;
    }

    /** Full-charge open-circuit pack voltage (V). */
    public double fullVoltageV() {
        return batteryCells * ocvCellVoltsGrid[ocvCellVoltsGrid.length - 1];
    }

    /**
     * Open-circuit pack voltage at a state of charge in [0, 1], by linear interpolation in
     * the per-cell table. Allocation-free.
     */
    public double openCircuitVoltageV(double soc) {
        double s = soc < 0.0 ? 0.0 : (soc > 1.0 ? 1.0 : soc);
        int n = ocvCellSocGrid.length;
        if (s <= ocvCellSocGrid[0]) {
            return batteryCells * ocvCellVoltsGrid[0];
        }
        for (int i = 1; i < n; i++) {
            if (s <= ocvCellSocGrid[i]) {
                double f = (s - ocvCellSocGrid[i - 1]) / (ocvCellSocGrid[i] - ocvCellSocGrid[i - 1]);
                return batteryCells * (ocvCellVoltsGrid[i - 1] + f * (ocvCellVoltsGrid[i] - ocvCellVoltsGrid[i - 1]));
            }
        }
        return batteryCells * ocvCellVoltsGrid[n - 1];
    }

    /** Maximum thrust of one rotor at nominal voltage (N). */
    public double maxThrustPerMotorN() {
        return kThrustNPerRadps2 * maxRotorSpeedRadps * maxRotorSpeedRadps;
    }

    /**
     * The normalised motor command at which the vehicle hovers at nominal pack voltage with
     * all motors equal: thrust ~ u^2, so u = sqrt(m g / (n Tmax)).
     */
    public double hoverThrottleNorm() {
        return Math.sqrt(massKg * GRAVITY_MPS2 / (motorCount * maxThrustPerMotorN()));
    }

    /** Rotor speed at hover (rad/s). */
    public double hoverRotorSpeedRadps() {
        return Math.sqrt(massKg * GRAVITY_MPS2 / (motorCount * kThrustNPerRadps2));
    }

    // ---------------------------------------------------------------- builder

    /**
     * Mutable builder; {@code new Builder()} holds the default quad-X values, documented
     * field by field below. Not thread-safe; used at set-up time only.
     */
    public static final class Builder {
        // ---- Mass budget (kg). Estimate: sums below, rounded to a 1.6 kg all-up weight.
        // DJI lists the F450 frame at 282 g and the 2212/920KV motor at ~56 g; a 10x4.5
        // plastic prop ~13 g; an 18-20 A ESC ~23-27 g (robotic-controls.com weighed the
        // DJI 18 A ESC at 0.815 oz = 23 g); a 3S 5000 mAh pack ~400 g.
        /** Motor + propeller mass at each arm tip (kg). Estimate: 56 g + 13 g. */
        static final double MOTOR_PROP_KG = 0.069;
        /** ESC mass on each arm, mid-arm (kg). Estimate from 23-27 g class ESCs. */
        static final double ESC_KG = 0.025;
        /** Mid-arm radius of the ESCs (m). Estimate: about half the arm. */
        static final double ESC_RADIUS_M = 0.12;
        /** Mass of one F450 arm (kg). Estimate: ~4 x 40 g of the 282 g frame. */
        static final double ARM_KG = 0.040;
        /** Arm root radius at the centre plates (m). Estimate from F450 plate size. */
        static final double ARM_ROOT_M = 0.04;
        /** All-up mass (kg): brief target for a loaded F450 with 5000 mAh 3S. */
        static final double TOTAL_KG = 1.6;
        /** Centre body box (plates, battery, flight controller, GNSS mast), m. Estimate. */
        static final double BOX_X_M = 0.14;
        static final double BOX_Y_M = 0.14;
        static final double BOX_Z_M = 0.08;
        /** Motor-to-CoG distance (m): F450 is 450 mm motor-to-motor diagonal, so 0.225 m. */
        static final double ARM_M = 0.225;
        /** Rotor plane above the CoG (m). Estimate: battery slung under the plates. */
        static final double ROTOR_ABOVE_COG_M = 0.03;

        double massKg;
        double ixxKgm2;
        double iyyKgm2;
        double izzKgm2;
        double[] motorXM;
        double[] motorYM;
        double[] motorZM;
        double[] spinDir;
        double kThrustNPerRadps2;
        double kTorqueNmPerRadps2;
        double maxRotorSpeedRadps;
        double motorTimeConstantS;
        double cdAreaXM2;
        double cdAreaYM2;
        double cdAreaZM2;
        double rotorDragNsPerMRad;
        double rotationalDampingNmsPerRad;
        double propulsionEfficiency;
        double avionicsCurrentA;
        int batteryCells;
        double batteryCapacityAh;
        double batteryInternalResistanceOhm;
        double[] ocvCellSocGrid;
        double[] ocvCellVoltsGrid;
        double nominalCellVoltageV;

        /** Creates a builder holding the default F450-like quad-X. */
        public Builder() {
            massKg = TOTAL_KG;

            // ---- Inertia (kg m^2), point masses + rods + box, rotor plane at z = -0.03 m.
            // In quad-X each arm is at 45 deg, so a tip at radius r contributes r^2/2 to
            // Ixx and Iyy (plus z^2) and r^2 to Izz.
            // Motors+props: 4 * 0.069 * (0.225^2/2 + 0.03^2) = 4 * 0.069 * 0.026213 = 0.007235
            //               Izz: 4 * 0.069 * 0.225^2 = 0.013973
            // ESCs:         4 * 0.025 * 0.12^2/2 = 0.000720; Izz 0.001440
            // Arms (rods 0.04..0.225 m): per-arm Izz = m (r2^3 - r1^3) / (3 (r2 - r1))
            //               = 0.04 * (0.011391 - 0.000064) / 0.555 = 0.000816; 4 arms:
            //               Izz 0.003265, Ixx = Iyy = 0.001633
            // Box: remaining mass 1.6 - 0.276 - 0.100 - 0.160 = 1.064 kg, 0.14 x 0.14 x 0.08:
            //               Ixx = Iyy = 1.064 (0.14^2 + 0.08^2) / 12 = 0.002305
            //               Izz = 1.064 (0.14^2 + 0.14^2) / 12 = 0.003476
            // Totals: Ixx = Iyy ~ 0.0119, Izz ~ 0.0222 (the brief's ~0.01/0.01/0.018 order).
            double halfR2 = ARM_M * ARM_M * 0.5;
            double zr2 = ROTOR_ABOVE_COG_M * ROTOR_ABOVE_COG_M;
            double motorsXy = 4.0 * MOTOR_PROP_KG * (halfR2 + zr2);
            double motorsZ = 4.0 * MOTOR_PROP_KG * ARM_M * ARM_M;
            double escXy = 4.0 * ESC_KG * ESC_RADIUS_M * ESC_RADIUS_M * 0.5;
            double escZ = 4.0 * ESC_KG * ESC_RADIUS_M * ESC_RADIUS_M;
            double armIzz = ARM_KG * (ARM_M * ARM_M * ARM_M - ARM_ROOT_M * ARM_ROOT_M * ARM_ROOT_M)
                    / (3.0 * (ARM_M - ARM_ROOT_M));
            double armsZ = 4.0 * armIzz;
            double armsXy = 0.5 * armsZ;
            double boxKg = TOTAL_KG - 4.0 * (MOTOR_PROP_KG + ESC_KG + ARM_KG);
            double boxXy = boxKg * (BOX_Y_M * BOX_Y_M + BOX_Z_M * BOX_Z_M) / 12.0;
            double boxZ = boxKg * (BOX_X_M * BOX_X_M + BOX_Y_M * BOX_Y_M) / 12.0;
            ixxKgm2 = motorsXy + escXy + armsXy + boxXy;
            iyyKgm2 = ixxKgm2;
            izzKgm2 = motorsZ + escZ + armsZ + boxZ;

            // ---- Geometry, PX4 quad-X (airframe reference "Quadrotor x"): motor 1 front-right
            // CCW, 2 rear-left CCW, 3 front-left CW, 4 rear-right CW.
            double a = ARM_M / Math.sqrt(2.0);
            motorXM = new double[] {a, -a, a, -a};
            motorYM = new double[] {a, -a, -a, a};
            motorZM = new double[] {-ROTOR_ABOVE_COG_M, -ROTOR_ABOVE_COG_M, -ROTOR_ABOVE_COG_M,
                -ROTOR_ABOVE_COG_M};
            spinDir = new double[] {1.0, 1.0, -1.0, -1.0};

            // ---- Propulsion.
            // Max rotor speed. Estimate: 920 KV * 11.1 V = 10,212 rpm unloaded; a 10x4.5 prop
            // loads a 2212 motor to roughly 82 % of that, ~8,400 rpm = 880 rad/s.
            maxRotorSpeedRadps = 880.0;
            // kT chosen so that Tmax = 8.5 N (~870 g) per motor at 880 rad/s, the brief's
            // target and in line with commonly quoted 2212/920KV + 1045 3S tables of 800-900 g
            // (not checked against a primary manufacturer table here). Cross-check with prop
            // theory: T = CT rho n^2 D^4 with CT ~ 0.085, n = 140 rev/s, D = 0.254 m gives 8.5 N.
            kThrustNPerRadps2 = 8.5 / (880.0 * 880.0); // 1.0976e-5 N/(rad/s)^2
            // kQ/kT = CQ D / CT ~ 0.015 m for 10-inch slow-fly props. Estimate: it yields a
            // hover shaft power of kQ w^3 ~ 35 W per rotor, i.e. a figure of merit of ~0.63
            // against the ideal induced power T^1.5 / sqrt(2 rho A) = 22 W (A = pi 0.127^2).
            kTorqueNmPerRadps2 = 0.015 * kThrustNPerRadps2;
            // Motor time constant (s): brief value; estimate for 10-inch props on 2212 motors
            // (20-50 ms is the usual range of bench step responses).
            motorTimeConstantS = 0.03;
            // Motor + ESC efficiency. Estimate: 2212-class outrunners reach ~80 % near hover
            // load; with it hover current is ~16 A, inside the brief's 12-18 A.
            propulsionEfficiency = 0.80;
            // Flight controller, GNSS, receiver, telemetry radio. Estimate: ~5 W at 11.1 V.
            avionicsCurrentA = 0.4;

            // ---- Aerodynamics.
            // Body drag Cd*A (m^2). Estimate: frontal area of plates + battery + arms ~0.02 m^2
            // with Cd ~ 1 (bluff body); from below, frame and rotor discs ~0.06 m^2 effective.
            cdAreaXM2 = 0.02;
            cdAreaYM2 = 0.02;
            cdAreaZM2 = 0.06;
            // Rotor drag. Estimate: lumped linear drag of ~0.35 N/(m/s) at hover for a 1.6 kg
            // quad (literature reports 0.2-0.5 kg/s for 1-2 kg quadrotors), divided by the
            // summed hover rotor speed 4 * 598 = 2390 rad/s.
            rotorDragNsPerMRad = 0.35 / 2390.0;
            // Rotational damping. Estimate: stands in for rotor flapping damping; kept small
            // so the decay time constant I / k ~ 12 s does not mask controller behaviour.
            rotationalDampingNmsPerRad = 1.0e-3;

            // ---- Battery: 3S 5000 mAh LiPo.
            batteryCells = 3;
            batteryCapacityAh = 5.0;
            // Whole-pack DC resistance. Estimate: ~6 mOhm per cell for a 25-35C 5 Ah pack.
            batteryInternalResistanceOhm = 0.018;
            // LiPo nominal cell voltage 3.7 V (industry convention), so nominal pack = 11.1 V.
            nominalCellVoltageV = 3.7;
            // Resting cell voltage vs state of charge. Estimate: the widely circulated hobby
            // LiPo rest-voltage table (4.20 V full, ~3.87 V at 50 %, 3.27 V empty).
            ocvCellSocGrid = new double[] {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
            ocvCellVoltsGrid = new double[] {3.27, 3.69, 3.73, 3.77, 3.80, 3.84, 3.87, 3.95, 4.02, 4.11, 4.20};
        }

        public Builder massKg(double v) {
            massKg = v;
            return this;
        }

        public Builder inertiaKgm2(double ixx, double iyy, double izz) {
            ixxKgm2 = ixx;
            iyyKgm2 = iyy;
            izzKgm2 = izz;
            return this;
        }

        public Builder kThrustNPerRadps2(double v) {
            kThrustNPerRadps2 = v;
            return this;
        }

        public Builder kTorqueNmPerRadps2(double v) {
            kTorqueNmPerRadps2 = v;
            return this;
        }

        public Builder maxRotorSpeedRadps(double v) {
            maxRotorSpeedRadps = v;
            return this;
        }

        public Builder motorTimeConstantS(double v) {
            motorTimeConstantS = v;
            return this;
        }

        public Builder cdAreaM2(double x, double y, double z) {
            cdAreaXM2 = x;
            cdAreaYM2 = y;
            cdAreaZM2 = z;
            return this;
        }

        public Builder rotorDragNsPerMRad(double v) {
            rotorDragNsPerMRad = v;
            return this;
        }

        public Builder rotationalDampingNmsPerRad(double v) {
            rotationalDampingNmsPerRad = v;
            return this;
        }

        public Builder propulsionEfficiency(double v) {
            propulsionEfficiency = v;
            return this;
        }

        public Builder avionicsCurrentA(double v) {
            avionicsCurrentA = v;
            return this;
        }

        public Builder battery(int cells, double capacityAh, double internalResistanceOhm) {
            batteryCells = cells;
            batteryCapacityAh = capacityAh;
            batteryInternalResistanceOhm = internalResistanceOhm;
            return this;
        }

        /** Replaces the motor layout; arrays must have equal length and are copied. */
        public Builder motors(double[] xM, double[] yM, double[] zM, double[] spinDirections) {
            if (xM.length != yM.length || xM.length != zM.length || xM.length != spinDirections.length) {
                throw new IllegalArgumentException("motor arrays differ in length");
            }
            motorXM = xM.clone();
            motorYM = yM.clone();
            motorZM = zM.clone();
            spinDir = spinDirections.clone();
            return this;
        }

        /** Validates and builds. */
        public Airframe build() {
            if (!(massKg > 0.0) || !(ixxKgm2 > 0.0) || !(iyyKgm2 > 0.0) || !(izzKgm2 > 0.0)) {
                throw new IllegalArgumentException("mass and inertia must be positive");
            }
            if (!(motorTimeConstantS > 0.0) || !(maxRotorSpeedRadps > 0.0) || !(propulsionEfficiency > 0.0)) {
                throw new IllegalArgumentException("motor time constant, max speed and efficiency must be positive");
            }
            if (batteryCells < 1 || !(batteryCapacityAh > 0.0)) {
                throw new IllegalArgumentException("battery needs cells and capacity");
            }
            return new Airframe(this);
        }
    }
}
