package org.hoverla.core.boot;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads and initialises, on the boot thread, every class the flight thread could need later, so
 * the flight thread never loads one itself. Java loads a class on first use and runs its static
 * initialiser then: a flight path used for the first time minutes into a flight (the first arming,
 * the first mission, a failsafe's enum switch, {@code Math.hypot}'s FdLibm class) would otherwise
 * read the jar, allocate some kilobytes and take a class-loading lock on the flight thread. The
 * real-time simulator showed it: about 25 KB allocated by the flight thread during its first
 * demo flight, all of it class loading.
 *
 * <p>What: every class of the Hoverla packages the flight tasks live in ({@code org.hoverla.core},
 * {@code org.hoverla.hal}, {@code org.hoverla.mission}) found next to this class (jar or class
 * directories), initialised; a class that fails to load or initialise (an optional native
 * library missing) is counted and skipped, never fatal. Plus the JDK's lazily loaded math classes.
 * Then the string literals of all of them, and of the loaded classes they reach, are resolved
 * ({@link ConstantPoolStrings}), because the JIT would otherwise create them on the flight thread.
 *
 * <p>Threads: boot thread, before the flight thread starts. Allocates freely.
 */
public final class FlightClassPreloader {
    private static final String[] PACKAGES = {"org/hoverla/core/", "org/hoverla/hal/", "org/hoverla/mission/"};

    /**
     * What one preload did.
     *
     * @param loaded    classes loaded and initialised
     * @param failed    classes that could not be
     * @param strings   the string-constant resolution over them and the classes they reach
     * @param elapsedNs how long it all took
     */
    public record Result(int loaded, int failed, ConstantPoolStrings.Result strings, long elapsedNs) {
        /** @return one log line's worth: counts, time and what could not be done */
        public String summary() {
            return String.format("flight classes preloaded: %d in %.1f s%s; %s", loaded, elapsedNs / 1e9,
                    failed == 0 ? "" : " (" + failed + " could not be)",
                    strings.available()
                            ? strings.strings() + " string constants resolved in " + strings.classes() + " classes"
                            : "string constants NOT resolved: " + strings.reason()
                                    + " (the flight thread creates them itself when the JIT first compiles their classes)");
        }
    }

    private FlightClassPreloader() {
    }

    /**
     * Loads and initialises the flight classes, then resolves the string constants of everything
     * they reach ({@link ConstantPoolStrings}); see the class doc.
     *
     * @param extraRoots further classes whose reach the flight thread runs (e.g. a simulator's
     *                   device channels), already loaded
     */
    public static Result preload(Class<?>... extraRoots) {
        long t0 = System.nanoTime();
        warmJdkMath();
        ClassLoader loader = FlightClassPreloader.class.getClassLoader();
        Set<Path> roots = new LinkedHashSet<>();
        for (Class<?> anchor : new Class<?>[] {FlightClassPreloader.class, org.hoverla.hal.ImuSample.class,
                org.hoverla.mission.MissionPlan.class}) {
            CodeSource cs = anchor.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                try {
                    roots.add(Path.of(cs.getLocation().toURI()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a file location: nothing to scan there
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (Path root : roots) {
            names.addAll(classNames(root));
        }
        int failed = 0;
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            try {
                classes.add(Class.forName(name, true, loader));
            } catch (Throwable e) { // LinkageError, ExceptionInInitializerError: skip that class
                failed++;
            }
        }
        int loaded = classes.size();
        classes.addAll(Arrays.asList(extraRoots));
        classes.addAll(Arrays.asList(Math.class, StrictMath.class));
        ConstantPoolStrings.Result strings = ConstantPoolStrings.resolveReachable(classes);
        return new Result(loaded, failed, strings, System.nanoTime() - t0);
    }

    static List<String> classNames(Path root) {
        List<String> out = new ArrayList<>();
        try {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                        String rel = root.relativize(p).toString().replace('\\', '/');
                        if (wanted(rel)) {
                            out.add(toClassName(rel));
                        }
                    });
                }
            } else if (Files.isRegularFile(root)) {
                try (JarFile jar = new JarFile(root.toFile())) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String n = entries.nextElement().getName();
                        if (n.endsWith(".class") && wanted(n)) {
                            out.add(toClassName(n));
                        }
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable root: the flight thread will load what it needs itself
        }
        return out;
    }

    private static boolean wanted(String path) {
        if (path.endsWith("module-info.class") || path.endsWith("package-info.class")) {
            return false;
        }
        for (String p : PACKAGES) {
            if (path.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static String toClassName(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    /** The JDK loads StrictMath's FdLibm helpers (hypot, cbrt, pow, exp) on first use. */
    private static void warmJdkMath() {
        double x = 0.3;
        double sink = Math.hypot(x, 0.4) + Math.cbrt(x) + Math.pow(x, 1.5) + Math.exp(x) + Math.log(x + 1)
                + Math.log10(x + 1) + Math.atan2(x, 0.4) + Math.asin(x) + Math.acos(x) + Math.tan(x) + Math.sinh(x)
                + Math.cosh(x) + Math.tanh(x) + Math.expm1(x) + Math.log1p(x) + StrictMath.hypot(x, 0.4)
                + StrictMath.cbrt(x) + StrictMath.pow(x, 1.5) + StrictMath.exp(x);
        if (sink == 42.0) {
            System.out.print("");
        }
    }
}
