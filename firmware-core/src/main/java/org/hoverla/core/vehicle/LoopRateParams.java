package org.hoverla.core.vehicle;

import java.util.Map;
import java.util.TreeMap;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

/**
 * The flight loop's rates, boot-time parameters (a change takes effect at the next boot, as PX4's
 * {@code @reboot_required}):
 * <ul>
 *   <li>{@code IMU_GYRO_RATEMAX}: the base rate, Hz, at which the IMU frontend, rate control,
 *       motor output and commander run (PX4: "gyro control data maximum publication rate (inner
 *       loop rate)", src/modules/sensors/vehicle_angular_velocity). 400, 500, 800 or 1000 Hz;
 *       1000 by default; 400 Hz is the lowest Hoverla supports.</li>
 *   <li>{@code IMU_INTEG_RATE}: the rate, Hz, at which IMU samples are integrated into delta
 *       angles/velocities for the estimator, and so the estimator, slow-sensor frontends and
 *       attitude control rate (PX4 vehicle_imu/imu_parameters.c: 100, 200, 250, 400 Hz; PX4's
 *       default is 200, Hoverla's 250, the rate its estimator and attitude gains were tuned at).</li>
 *   <li>{@code MPC_LOOP_RATE}: position control rate, Hz (25, 50, 100; 50 by default). Hoverla's own:
 *       PX4's mc_pos_control has no rate parameter, it runs on each estimator output.</li>
 * </ul>
 * Each slower rate must divide the faster one evenly (base ÷ integration, integration ÷ position),
 * so that every slow run falls on a base cycle and every position run on a fresh estimate.
 *
 * <p>Bad combinations: a write that would break the rule (a ground station's PARAM_SET) is undone
 * at once, so the previous, good value stays and is what the write is answered with, and
 * {@link #lastRefusal()} says why; change the slower rate first (e.g. 1000 → 400 Hz with
 * IMU_INTEG_RATE 250: set IMU_INTEG_RATE to 200 first). A parameter file that holds a bad
 * combination (edited by hand) is answered at boot by {@link #resolve()}: the defaults run, the
 * parameters are set back to them and {@link Rates#note()} says so.
 *
 * <p>Threads: registered and resolved on the boot thread; the listener runs on the writing thread.
 */
public final class LoopRateParams {
    public static final int BASE_HZ_DEFAULT = 1000;
    public static final int INTEG_HZ_DEFAULT = 250;
    public static final int POSITION_HZ_DEFAULT = 50;
    /** The lowest base rate supported: below it the rate loop's phase lag hurts the tuned gains. */
    public static final int BASE_HZ_MIN = 400;

    public final IntParam baseHz;
    public final IntParam integrationHz;
    public final IntParam positionHz;
    private final ParamStore store;

    private int goodBase;
    private int goodIntegration;
    private int goodPosition;
    private boolean reverting;
    private boolean listening;
    private volatile String lastRefusal;

    /** The rates one boot runs at, Hz, and what boot had to say about them (empty when nothing). */
    public record Rates(int baseHz, int estimatorHz, int positionHz, String note) {
        /** @return the base period, ns (1e9 / base rate, exact for every allowed base rate) */
        public long basePeriodNs() {
            return 1_000_000_000L / baseHz;
        }
    }

    public LoopRateParams(ParamStore store) {
        this.store = store;
        baseHz = store.addEnum("IMU_GYRO_RATEMAX", BASE_HZ_DEFAULT,
                "Rate loop (base) rate: IMU, rate control, motors, commander; reboot required",
                hz(400, 500, 800, 1000));
        integrationHz = store.addEnum("IMU_INTEG_RATE", INTEG_HZ_DEFAULT,
                "IMU integration rate: estimator and attitude control; divides IMU_GYRO_RATEMAX; reboot required",
                hz(100, 200, 250, 400));
        positionHz = store.addEnum("MPC_LOOP_RATE", POSITION_HZ_DEFAULT,
                "Position control rate; divides IMU_INTEG_RATE; reboot required", hz(25, 50, 100));
        goodBase = baseHz.get();
        goodIntegration = integrationHz.get();
        goodPosition = positionHz.get();
    }

    private static Map<Integer, String> hz(int... values) {
        Map<Integer, String> m = new TreeMap<>();
        for (int v : values) {
            m.put(v, v + " Hz");
        }
        return m;
    }

    /**
     * @return null when base ÷ integration ÷ position divide evenly, else a sentence saying which
     *         pair does not
     */
    public static String problem(int baseHz, int integrationHz, int positionHz) {
        if (baseHz % integrationHz != 0) {
            return "IMU_INTEG_RATE " + integrationHz + " Hz does not divide IMU_GYRO_RATEMAX " + baseHz + " Hz evenly";
        }
        if (integrationHz % positionHz != 0) {
            return "MPC_LOOP_RATE " + positionHz + " Hz does not divide IMU_INTEG_RATE " + integrationHz + " Hz evenly";
        }
        return null;
    }

    /**
     * Boot step, after the parameter file and overrides are loaded: the rates this boot runs at.
     * A bad combination falls back to the defaults (written back to the parameters) with a note.
     * From here on, writes that break the rule are undone ({@link #lastRefusal()}).
     */
    public Rates resolve() {
        int b = baseHz.get();
        int i = integrationHz.get();
        int p = positionHz.get();
        String problem = problem(b, i, p);
        String note = "";
        if (problem != null) {
            note = problem + ": running at the defaults " + BASE_HZ_DEFAULT + "/" + INTEG_HZ_DEFAULT + "/"
                    + POSITION_HZ_DEFAULT + " Hz instead";
            b = BASE_HZ_DEFAULT;
            i = INTEG_HZ_DEFAULT;
            p = POSITION_HZ_DEFAULT;
            reverting = true;
            baseHz.setByVehicle(b);
            integrationHz.setByVehicle(i);
            positionHz.setByVehicle(p);
            reverting = false;
        }
        goodBase = b;
        goodIntegration = i;
        goodPosition = p;
        if (!listening) {
            listening = true;
            store.addChangeListener(this::onChange);
        }
        return new Rates(b, i, p, note);
    }

    private void onChange() {
        if (reverting) {
            return;
        }
        int b = baseHz.get();
        int i = integrationHz.get();
        int p = positionHz.get();
        if (b == goodBase && i == goodIntegration && p == goodPosition) {
            return;
        }
        String problem = problem(b, i, p);
        if (problem == null) {
            goodBase = b;
            goodIntegration = i;
            goodPosition = p;
            return;
        }
        lastRefusal = problem + ": kept " + goodBase + "/" + goodIntegration + "/" + goodPosition
                + " Hz (change the slower rate first)";
        reverting = true;
        try {
            baseHz.setByVehicle(goodBase);
            integrationHz.setByVehicle(goodIntegration);
            positionHz.setByVehicle(goodPosition);
        } finally {
            reverting = false;
        }
    }

    /** @return why the last write to the loop rates was undone, or null; any thread */
    public String lastRefusal() {
        return lastRefusal;
    }
}
