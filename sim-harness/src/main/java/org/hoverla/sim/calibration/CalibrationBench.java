package org.hoverla.sim.calibration;

import org.hoverla.core.calibration.CalibrationKind;
import org.hoverla.core.calibration.CalibrationNarration;
import org.hoverla.core.calibration.CalibrationOutcome;
import org.hoverla.core.calibration.CalibrationRunner;
import org.hoverla.sim.lockstep.LockstepSim;
import org.hoverla.sim.physics.BenchFixture;

/**
 * The simulated vehicle on the calibration bench with a technician listening to its calibration
 * runner: {@link #step()} advances the lockstep simulation one step (the simulator steps the
 * runner after the flight cycle) and lets the technician act on the lines heard.
 *
 * <p>A calibration starts either here ({@link #run}, as {@code ./hoverla calibrate KIND} would)
 * or from a ground station's {@code MAV_CMD_PREFLIGHT_CALIBRATION}; the technician follows
 * either. The fixture lets go of the vehicle when it is armed. Simulator thread only.
 */
public final class CalibrationBench {
    private final LockstepSim sim;
    private final BenchFixture fixture;
    private final CalibrationTechnician technician;
    private final CalibrationRunner runner;
    private final org.hoverla.core.bus.Subscription<org.hoverla.core.msg.VehicleStatus> statusSub;
    private final org.hoverla.core.msg.VehicleStatus status = new org.hoverla.core.msg.VehicleStatus();

    /**
     * Engages the bench fixture (in the vehicle's current attitude) unless it already is, and adds
     * the technician to the runner's listeners.
     */
    public CalibrationBench(LockstepSim sim, CalibrationTechnician.Behaviour behaviour) {
        this.sim = sim;
        this.fixture = sim.world().benchFixture();
        if (!fixture.engaged()) {
            fixture.engage(sim.vehicle().attitude());
        }
        this.technician = new CalibrationTechnician(fixture, sim.world().magSim(), behaviour);
        this.runner = sim.calibrationRunner();
        this.statusSub = sim.stack().bus().vehicleStatus.subscribe();
        runner.addNarration(technician);
    }

    /** Adds another listener for the {@code [cal]} lines (a console, a test's log). */
    public void listen(CalibrationNarration narration) {
        runner.addNarration(narration);
    }

    /**
     * One lockstep step, then the technician acts. The bench holds the vehicle only while it is
     * disarmed: arming lets go of it (it is set down level and flies by its dynamics).
     */
    public void step() {
        sim.step();
        technician.act(sim.nowNs());
        if (fixture.engaged() && statusSub.update(status) && status.armed()) {
            fixture.release();
        }
    }

    /** Steps for {@code seconds} of simulated time. */
    public void stepFor(double seconds) {
        long until = sim.nowNs() + (long) (seconds * 1e9);
        while (sim.nowNs() < until) {
            step();
        }
    }

    /**
     * Starts {@code kind} on the runner and steps until it ends or {@code timeoutS} of simulated
     * time pass (then it is cancelled).
     *
     * @return the runner's outcome; null if it never started
     */
    public CalibrationOutcome run(CalibrationKind kind, double timeoutS) {
        step();
        if (!runner.start(kind, sim.nowNs())) {
            technician.act(sim.nowNs());
            return runner.lastOutcome();
        }
        return runUntilEnd(timeoutS);
    }

    /** Steps until the running calibration ends, cancelling it after {@code timeoutS}. */
    public CalibrationOutcome runUntilEnd(double timeoutS) {
        long deadline = sim.nowNs() + (long) (timeoutS * 1e9);
        technician.act(sim.nowNs());
        while (runner.running()) {
            if (sim.nowNs() >= deadline) {
                runner.cancel(sim.nowNs());
                break;
            }
            step();
        }
        // let the last lines reach the technician and the vehicle come back level
        stepFor(2.0);
        return runner.lastOutcome();
    }

    public LockstepSim sim() {
        return sim;
    }

    public BenchFixture fixture() {
        return fixture;
    }

    public CalibrationTechnician technician() {
        return technician;
    }

    public CalibrationRunner runner() {
        return runner;
    }
}
