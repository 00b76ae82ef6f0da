package org.hoverla.core.sched;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The immutable, ordered list of flight tasks: {@code (name, rateHz, budgetUs, task)} rows,
 * the Java counterpart of ArduCopter's {@code scheduler_tasks[]}.
 *
 * <p>Order is execution order within a cycle, and the caller decides it. The intended order
 * (DESIGN §3a) is: imu → rate control → motors → estimator → attitude → position →
 * commander → navigator, so that the fast inner loop reaches the motors first and every later
 * stage sees the outputs of the earlier stages of the same cycle.
 *
 * <p>Built once at boot with {@link #builder()}; all validation happens in
 * {@link Builder#build()} and fails with an {@link IllegalArgumentException} that names the
 * row and the problem. After that the table is read-only and may be shared by any thread.
 *
 * <p>Units: rates in Hz, budgets given in µs and stored in ns, periods in ns.
 */
public final class TaskTable {

    /** Highest accepted base rate: the period must be at least 1 ns. */
    public static final double MAX_RATE_HZ = 1e9;

    private final String[] names;
    private final double[] ratesHz;
    private final long[] budgetsNs;
    private final FlightTask[] tasks;
    private final double baseRateHz;

    private TaskTable(String[] names, double[] ratesHz, long[] budgetsNs, FlightTask[] tasks,
                      double baseRateHz) {
        this.names = names;
        this.ratesHz = ratesHz;
        this.budgetsNs = budgetsNs;
        this.tasks = tasks;
        this.baseRateHz = baseRateHz;
    }

    /** @return a new, empty builder (boot thread) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return number of tasks, {@code >= 1} */
    public int size() {
        return names.length;
    }

    /** @return the name of task {@code index} (table order) */
    public String name(int index) {
        return names[index];
    }

    /** @return the rate of task {@code index}, Hz */
    public double rateHz(int index) {
        return ratesHz[index];
    }

    /** @return the time budget of task {@code index}, ns */
    public long budgetNs(int index) {
        return budgetsNs[index];
    }

    /** @return the task at {@code index} */
    public FlightTask task(int index) {
        return tasks[index];
    }

    /**
     * @return the base (fastest loop) rate in Hz: as set with {@link Builder#baseRateHz(double)},
     *         or else the highest task rate
     */
    public double baseRateHz() {
        return baseRateHz;
    }

    /** @return the index of the task called {@code name}, or -1 (boot-time look-up, not for the flight thread) */
    public int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Collects rows in execution order. Not thread-safe; use it on the boot thread only.
     */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<Double> rates = new ArrayList<>();
        private final List<Long> budgets = new ArrayList<>();
        private final List<FlightTask> tasks = new ArrayList<>();
        private double baseRateHz = Double.NaN;

        private Builder() {
        }

        /**
         * Sets the base rate explicitly (the rate the loop is stepped at, e.g. the IMU rate).
         * Every task rate must then be {@code <=} it. Optional: without it the base rate is the
         * highest task rate.
         *
         * @param rateHz base rate, Hz, finite, {@code > 0} and {@code <=} {@link #MAX_RATE_HZ}
         * @return this builder
         */
        public Builder baseRateHz(double rateHz) {
            this.baseRateHz = rateHz;
            return this;
        }

        /**
         * Appends a task; its position is its execution order within a cycle. Validation is
         * deferred to {@link #build()} so all rows are checked against the final base rate.
         *
         * @param name     unique, non-empty name, used in perf and overrun reports
         * @param rateHz   how often to run, Hz
         * @param budgetUs how long one run may take before it counts as an overrun, µs
         * @param task     the work
         * @return this builder
         */
        public Builder add(String name, double rateHz, long budgetUs, FlightTask task) {
            names.add(name);
            rates.add(rateHz);
            budgets.add(budgetUs);
            tasks.add(task);
            return this;
        }

        /**
         * Validates every row and freezes the table.
         *
         * @return the table
         * @throws IllegalArgumentException naming the first problem found: empty table; bad
         *         base rate; null or empty or duplicate name; rate not finite, {@code <= 0} or
         *         above the base rate; budget {@code <= 0} or too large; null task
         */
        public TaskTable build() {
            int n = names.size();
            if (n == 0) {
                throw new IllegalArgumentException("task table is empty: add at least one task");
            }
            double base = baseRateHz;
            if (Double.isNaN(base)) {
                base = 0.0;
                for (int i = 0; i < n; i++) {
                    double r = rates.get(i);
                    if (r > base) {
                        base = r;
                    }
                }
            }
            if (!(base > 0.0) || !Double.isFinite(base) || base > MAX_RATE_HZ) {
                throw new IllegalArgumentException(
                        "base rate must be finite, > 0 and <= " + MAX_RATE_HZ + " Hz: " + base);
            }
            Set<String> seen = new HashSet<>();
            String[] nameArr = new String[n];
            double[] rateArr = new double[n];
            long[] budgetArr = new long[n];
            FlightTask[] taskArr = new FlightTask[n];
            for (int i = 0; i < n; i++) {
                String name = names.get(i);
                String row = "task #" + i + (name == null ? "" : " '" + name + "'");
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException(row + ": name must be non-empty");
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException(row + ": duplicate name '" + name + "'");
                }
                double rate = rates.get(i);
                if (!Double.isFinite(rate) || !(rate > 0.0)) {
                    throw new IllegalArgumentException(row + ": rate must be finite and > 0 Hz: " + rate);
                }
                if (rate > base) {
                    throw new IllegalArgumentException(
                            row + ": rate " + rate + " Hz is above the base rate " + base + " Hz");
                }
                long budgetUs = budgets.get(i);
                if (budgetUs <= 0) {
                    throw new IllegalArgumentException(row + ": budget must be > 0 us: " + budgetUs);
                }
                if (budgetUs > Long.MAX_VALUE / 1_000L) {
                    throw new IllegalArgumentException(row + ": budget too large: " + budgetUs + " us");
                }
                FlightTask task = tasks.get(i);
                if (task == null) {
                    throw new IllegalArgumentException(row + ": task must not be null");
                }
                nameArr[i] = name;
                rateArr[i] = rate;
                budgetArr[i] = budgetUs * 1_000L;
                taskArr[i] = task;
            }
            return new TaskTable(nameArr, rateArr, budgetArr, taskArr, base);
        }
    }
}
