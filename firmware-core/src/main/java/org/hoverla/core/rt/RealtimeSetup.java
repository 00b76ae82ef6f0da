package org.hoverla.core.rt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Asks Linux for what a real-time flight loop needs, through the C library via JNA (no native code
 * of our own): CPU affinity ({@code sched_setaffinity(2)}), the {@code SCHED_FIFO} policy at a
 * priority ({@code sched_setscheduler(2)}), and locked memory ({@code mlockall(2)} with
 * {@code MCL_CURRENT | MCL_FUTURE}). Affinity and policy are per thread on Linux, so
 * {@link #applyToCurrentThread} must run on the flight thread itself (through
 * {@code DedicatedLoopRunner.threadSetup}); memory locking is per process and runs once at boot.
 *
 * <p>Nothing here throws or stops the runtime: each step returns an {@link Outcome} saying what it
 * got or, plainly, what it could not get, why (the errno and the limit that decides it) and what
 * that costs the flight loop. What it needs (docs/realtime.md): {@code SCHED_FIFO} needs
 * {@code CAP_SYS_NICE} or {@code RLIMIT_RTPRIO} ≥ the priority (systemd {@code LimitRTPRIO=});
 * {@code mlockall} needs {@code CAP_IPC_LOCK} or an {@code RLIMIT_MEMLOCK} larger than the
 * process (systemd {@code LimitMEMLOCK=infinity}); affinity needs the CPU to be online and in the
 * process's allowed set (cgroup cpuset, {@code taskset}).
 *
 * <p>Threads: {@link #applyToCurrentThread} on the thread to set up; the rest on any thread.
 * Allocates; never call it from a flight cycle.
 */
public final class RealtimeSetup {

    /**
     * What to ask for.
     *
     * @param cpu        the CPU to pin the flight thread to, or -1 for none
     * @param rtPriority the SCHED_FIFO priority (1..99), or 0 for none (the normal scheduler)
     * @param mlock      whether to lock the process's memory at boot
     */
    public record Options(int cpu, int rtPriority, boolean mlock) {
        /** No pinning, no real-time priority, no memory locking: what a plain {@code java} process gets. */
        public static final Options NONE = new Options(-1, 0, false);

        /** @throws IllegalArgumentException naming the bad value (cpu below -1 or past 1023; priority outside 0..99) */
        public Options {
            if (cpu < -1 || cpu >= MAX_CPUS) {
                throw new IllegalArgumentException("cpu must be -1 (none) or 0.." + (MAX_CPUS - 1) + ", not " + cpu);
            }
            if (rtPriority < 0 || rtPriority > 99) {
                throw new IllegalArgumentException("real-time priority must be 0 (none) or 1..99, not " + rtPriority);
            }
        }

        /** @return whether anything is asked for */
        public boolean any() {
            return cpu >= 0 || rtPriority > 0 || mlock;
        }
    }

    /**
     * The result of one step.
     *
     * @param step    {@code affinity}, {@code sched_fifo} or {@code mlockall}
     * @param applied whether the OS granted it
     * @param detail  what was got, or what could not be got, why and what it costs
     */
    public record Outcome(String step, boolean applied, String detail) {
        /** @return one line for the boot log */
        public String line() {
            return "real time: " + step + (applied ? " ok: " : " NOT applied: ") + detail;
        }
    }

    /** cpu_set_t is 1024 bits in glibc. */
    static final int MAX_CPUS = 1024;
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;
    // Linux asm-generic (x86-64 and arm64 alike): MCL_CURRENT 1, MCL_FUTURE 2.
    private static final int MCL_CURRENT = 1;
    private static final int MCL_FUTURE = 2;
    // Linux asm-generic/resource.h.
    private static final int RLIMIT_MEMLOCK = 8;
    private static final int RLIMIT_RTPRIO = 14;
    private static final int EPERM = 1;
    private static final int ENOMEM = 12;
    private static final int EINVAL = 22;

    /** The C library calls used, as JNA maps them (errno is read with {@link Native#getLastError()}). */
    interface CLib extends Library {
        int sched_setaffinity(int pid, long cpusetsize, long[] mask);

        int sched_getaffinity(int pid, long cpusetsize, long[] mask);

        int sched_setscheduler(int pid, int policy, int[] param);

        int sched_getscheduler(int pid);

        int mlockall(int flags);

        int getrlimit(int resource, long[] rlim);
    }

    private static volatile CLib lib;
    private static volatile String unavailable;

    private RealtimeSetup() {
    }

    private static CLib lib() {
        if (lib == null && unavailable == null) {
            synchronized (RealtimeSetup.class) {
                if (lib == null && unavailable == null) {
                    if (!Platform.isLinux()) {
                        unavailable = "not Linux (" + System.getProperty("os.name") + ")";
                    } else {
                        try {
                            lib = Native.load("c", CLib.class);
                        } catch (Throwable t) {
                            unavailable = "the C library could not be loaded through JNA: " + t.getMessage();
                        }
                    }
                }
            }
        }
        return lib;
    }

    /**
     * Applies {@code options}' affinity and real-time priority to the calling thread (Linux applies
     * both per thread; pid 0 means the caller). Steps not asked for are left out of the result.
     */
    public static List<Outcome> applyToCurrentThread(Options options) {
        List<Outcome> out = new ArrayList<>();
        if (options.cpu() >= 0) {
            out.add(pinCurrentThread(new int[] {options.cpu()}));
        }
        if (options.rtPriority() > 0) {
            out.add(fifoCurrentThread(options.rtPriority()));
        }
        return out;
    }

    /**
     * A {@code DedicatedLoopRunner.threadSetup} body: applies {@code options} on the flight thread
     * and writes each outcome's line to {@code log}.
     */
    public static Runnable threadSetup(Options options, Consumer<String> log) {
        return () -> {
            for (Outcome o : applyToCurrentThread(options)) {
                log.accept(o.line());
            }
        };
    }

    /** Pins the calling thread to the given CPUs. */
    public static Outcome pinCurrentThread(int[] cpus) {
        CLib c = lib();
        if (c == null) {
            return new Outcome("affinity", false, unavailable + "; the thread may run on any CPU");
        }
        long[] mask = new long[MAX_CPUS / 64];
        StringBuilder which = new StringBuilder();
        for (int cpu : cpus) {
            if (cpu < 0 || cpu >= MAX_CPUS) {
                return new Outcome("affinity", false, "no such CPU " + cpu + "; the thread may run on any CPU");
            }
            mask[cpu / 64] |= 1L << (cpu % 64);
            which.append(which.length() == 0 ? "" : ",").append(cpu);
        }
        int rc = c.sched_setaffinity(0, mask.length * 8L, mask);
        if (rc != 0) {
            int errno = Native.getLastError();
            String why = errno == EINVAL ? "no such CPU online or allowed to this process (allowed: " + allowedCpus() + ")"
                    : errno == EPERM ? "not permitted (EPERM)" : "errno " + errno;
            return new Outcome("affinity", false, "CPU " + which + ": " + why
                    + "; cost: the flight thread may migrate and share a CPU with other work (cache misses, wake-ups "
                    + "behind other threads)");
        }
        return new Outcome("affinity", true, "pinned to CPU " + which);
    }

    /** @return the CPUs the calling thread may run on, e.g. "0-1" as a list "0,1"; "?" if unknown */
    public static String allowedCpus() {
        CLib c = lib();
        if (c == null) {
            return "?";
        }
        long[] mask = new long[MAX_CPUS / 64];
        if (c.sched_getaffinity(0, mask.length * 8L, mask) != 0) {
            return "?";
        }
        StringBuilder s = new StringBuilder();
        for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
            if ((mask[cpu / 64] & (1L << (cpu % 64))) != 0) {
                s.append(s.length() == 0 ? "" : ",").append(cpu);
            }
        }
        return s.toString();
    }

    /** Puts the calling thread in SCHED_FIFO at {@code priority} (1..99). */
    public static Outcome fifoCurrentThread(int priority) {
        CLib c = lib();
        if (c == null) {
            return new Outcome("sched_fifo", false, unavailable + "; the thread stays in the normal scheduler");
        }
        int rc = c.sched_setscheduler(0, SCHED_FIFO, new int[] {priority});
        if (rc != 0) {
            int errno = Native.getLastError();
            String why = errno == EPERM ? "not permitted (EPERM): needs CAP_SYS_NICE or RLIMIT_RTPRIO >= " + priority
                    + " (RLIMIT_RTPRIO is " + limit(c, RLIMIT_RTPRIO) + "; systemd LimitRTPRIO=, or run as root)"
                    : errno == EINVAL ? "invalid priority " + priority : "errno " + errno;
            return new Outcome("sched_fifo", false, "priority " + priority + ": " + why
                    + "; cost: the flight thread competes with every other thread in the normal scheduler, expect "
                    + "ms-scale lateness when the CPU is busy");
        }
        return new Outcome("sched_fifo", true, "SCHED_FIFO priority " + priority);
    }

    /** @return whether the calling thread runs in SCHED_FIFO (false if unknown) */
    public static boolean currentThreadIsFifo() {
        CLib c = lib();
        return c != null && c.sched_getscheduler(0) == SCHED_FIFO;
    }

    /** Returns the calling thread to the normal scheduler (benchmark threads that outlive their run). */
    public static void normalCurrentThread() {
        CLib c = lib();
        if (c != null) {
            c.sched_setscheduler(0, SCHED_OTHER, new int[] {0});
        }
    }

    /**
     * Locks the process's current and future memory ({@code mlockall(MCL_CURRENT | MCL_FUTURE)}), so
     * no page of the heap, stacks or code is paged out or first-touched during flight. Process-wide:
     * call once at boot, before the flight thread starts.
     */
    public static Outcome lockMemory() {
        CLib c = lib();
        if (c == null) {
            return new Outcome("mlockall", false, unavailable + "; memory stays pageable");
        }
        int rc = c.mlockall(MCL_CURRENT | MCL_FUTURE);
        if (rc != 0) {
            int errno = Native.getLastError();
            String limit = limit(c, RLIMIT_MEMLOCK);
            String why = errno == ENOMEM || errno == EPERM
                    ? (errno == ENOMEM ? "ENOMEM" : "EPERM") + ": the process is larger than RLIMIT_MEMLOCK (" + limit
                            + ") and lacks CAP_IPC_LOCK; systemd LimitMEMLOCK=infinity, or ulimit -l unlimited"
                    : "errno " + errno;
            return new Outcome("mlockall", false, why + "; cost: a page of the heap or code can be paged out and "
                    + "faulted back in during flight (ms stalls under memory pressure)");
        }
        return new Outcome("mlockall", true, "current and future memory locked (RLIMIT_MEMLOCK " + limit(c, RLIMIT_MEMLOCK)
                + "); allocate the heap up front (-XX:+AlwaysPreTouch) so it is resident from the start");
    }

    private static String limit(CLib c, int resource) {
        long[] rlim = new long[2];
        try {
            if (c.getrlimit(resource, rlim) != 0) {
                return "unknown";
            }
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
        long soft = rlim[0];
        if (soft == -1L) {
            return "unlimited";
        }
        return resource == RLIMIT_MEMLOCK ? (soft / 1024) + " KiB" : Long.toString(soft);
    }
}
