package org.hoverla.core.boot;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Loads the native libraries the vehicle artifact carries and says, one line each, whether they
 * loaded on this machine: Netty's epoll transport (the MAVLink UDP/TCP links), jSerialComm (UARTs:
 * GNSS, RC, serial radios), JNA (Pi4J's linuxfs SPI provider) and Pi4J's own JNI libraries for
 * linuxfs (I2C) and gpiod (GPIO).
 *
 * <p>Each check first looks for the library's resource for this architecture in the class path (so
 * an artifact packaged without it says so, naming the path), then loads it the way its owner does
 * at first use, and, where the library has one, calls a native function (JNA's and jSerialComm's
 * native version) so that a library of the wrong architecture or a broken link fails here, at
 * boot, not at the first serial port or I2C transfer.
 *
 * <p>Pi4J 2.8 ships its JNI libraries for armhf and aarch64 only: on any other architecture they
 * are {@link Status#NOT_SHIPPED}, which is not a failure (such a machine has no Pi buses). Every
 * other library is expected on every Linux and is {@link Status#MISSING} when it does not load.
 * Off Linux (a developer's laptop) nothing is checked: every library is NOT_SHIPPED.
 *
 * <p>Boot code only (loading a library extracts it to a temporary directory and may take tens of
 * milliseconds); idempotent, since the JVM loads each library once.
 */
public final class NativeCheck {

    /** What became of one library. */
    public enum Status {
        /** Loaded and answered. */
        LOADED,
        /** Expected on this architecture and did not load: the cause says why. */
        MISSING,
        /** Its library ships no build for this architecture (not an error). */
        NOT_SHIPPED
    }

    /**
     * One library's outcome.
     *
     * @param name   short name ({@code netty-epoll}, {@code jserialcomm}, {@code jna}, {@code pi4j-linuxfs},
     *               {@code pi4j-gpiod})
     * @param arch   the platform checked, e.g. {@code linux-aarch64}
     * @param status the outcome
     * @param detail what was loaded (version or resource), or the cause
     */
    public record Result(String name, String arch, Status status, String detail) {
        /** The boot log's line for it. */
        public String line() {
            return switch (status) {
                case LOADED -> "native " + name + ": loaded on " + arch + " (" + detail + ")";
                case MISSING -> "native " + name + ": MISSING on " + arch + ": " + detail;
                case NOT_SHIPPED -> "native " + name + ": not shipped for " + arch + " (" + detail + ")";
            };
        }
    }

    private static final String PI4J_ARCHES = "Pi4J 2.8 ships it for armhf and aarch64 only";

    private final String osName;
    private final String osArch;
    private final ClassLoader loader;

    /** Checks for the running JVM's platform. */
    public NativeCheck() {
        this(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), NativeCheck.class.getClassLoader());
    }

    /** Checks as though on {@code osName}/{@code osArch} (tests: what is expected of another platform). */
    NativeCheck(String osName, String osArch, ClassLoader loader) {
        this.osName = osName.toLowerCase(Locale.ROOT);
        this.osArch = osArch.toLowerCase(Locale.ROOT);
        this.loader = loader;
    }

    /** {@code linux-x86_64}, {@code linux-aarch64}, or the raw os.name-os.arch elsewhere. */
    public String platform() {
        String os = osName.startsWith("linux") ? "linux" : osName.replace(' ', '_');
        return os + "-" + cpu();
    }

    private String cpu() {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> osArch;
        };
    }

    /** Loads every library and returns one result each, in a fixed order. */
    public List<Result> run() {
        List<Result> out = new ArrayList<>();
        out.add(nettyEpoll());
        out.add(jSerialComm());
        out.add(jna());
        out.add(pi4jLinuxFs());
        out.add(pi4jGpiod());
        return out;
    }

    /**
     * Runs the check and writes one line per library to {@code log}.
     *
     * @return whether none is {@link Status#MISSING}
     */
    public static boolean report(Consumer<String> log) {
        boolean ok = true;
        for (Result r : new NativeCheck().run()) {
            log.accept(r.line());
            ok &= r.status() != Status.MISSING;
        }
        return ok;
    }

    /** The class-path resource of a library for this platform, or null if the library has none for it. */
    String resource(String name) {
        String cpu = cpu();
        boolean linux = osName.startsWith("linux");
        if (!linux) {
            return null;
        }
        return switch (name) {
            case "netty-epoll" -> switch (cpu) {
                case "x86_64" -> "META-INF/native/libnetty_transport_native_epoll_x86_64.so";
                case "aarch64" -> "META-INF/native/libnetty_transport_native_epoll_aarch_64.so";
                default -> null;
            };
            case "jserialcomm" -> switch (cpu) {
                case "x86_64" -> "Linux/x86_64/libjSerialComm.so";
                case "aarch64" -> "Linux/armv8_64/libjSerialComm.so";
                default -> null;
            };
            case "jna" -> switch (cpu) {
                case "x86_64" -> "com/sun/jna/linux-x86-64/libjnidispatch.so";
                case "aarch64" -> "com/sun/jna/linux-aarch64/libjnidispatch.so";
                default -> null;
            };
            case "pi4j-linuxfs", "pi4j-gpiod" -> switch (cpu) {
                case "aarch64" -> "lib/aarch64/" + name + "/lib" + name + ".so";
                case "arm" -> "lib/armhf/" + name + "/lib" + name + ".so";
                default -> null;
            };
            default -> throw new IllegalArgumentException("unknown native " + name);
        };
    }

    /** The resource is in the artifact; otherwise a MISSING (or NOT_SHIPPED) result, else null. */
    private Result absent(String name, String notShippedReason) {
        if (!osName.startsWith("linux")) {
            return new Result(name, platform(), Status.NOT_SHIPPED,
                    "the vehicle targets linux-x86_64 and linux-aarch64; not checked elsewhere");
        }
        String path = resource(name);
        if (path == null) {
            return notShippedReason != null ? new Result(name, platform(), Status.NOT_SHIPPED, notShippedReason)
                    : new Result(name, platform(), Status.MISSING, "the library has no build for this platform");
        }
        if (loader.getResource(path) == null) {
            return new Result(name, platform(), Status.MISSING, path + " is not in the artifact");
        }
        return null;
    }

    private Result nettyEpoll() {
        Result absent = absent("netty-epoll", null);
        if (absent != null) {
            return absent;
        }
        try {
            if (io.netty.channel.epoll.Epoll.isAvailable()) {
                return new Result("netty-epoll", platform(), Status.LOADED, resource("netty-epoll"));
            }
            return new Result("netty-epoll", platform(), Status.MISSING,
                    cause(io.netty.channel.epoll.Epoll.unavailabilityCause()));
        } catch (LinkageError e) {
            return new Result("netty-epoll", platform(), Status.MISSING, cause(e));
        }
    }

    private Result jSerialComm() {
        Result absent = absent("jserialcomm", null);
        if (absent != null) {
            return absent;
        }
        // As the UART adapters do: one extraction directory per application, so JVMs running other
        // jSerialComm versions do not delete each other's library.
        if (System.getProperty("fazecast.jSerialComm.appid") == null) {
            System.setProperty("fazecast.jSerialComm.appid", "hoverla");
        }
        try {
            Class<?> serialPort = Class.forName("com.fazecast.jSerialComm.SerialPort", true, loader);
            String version = String.valueOf(serialPort.getMethod("getVersion").invoke(null));
            return new Result("jserialcomm", platform(), Status.LOADED, "version " + version + ", native "
                    + nativeVersion(serialPort, "getNativeLibraryVersion"));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Result("jserialcomm", platform(), Status.MISSING, cause(e));
        }
    }

    private Result jna() {
        Result absent = absent("jna", null);
        if (absent != null) {
            return absent;
        }
        try {
            Class<?> nativeClass = Class.forName("com.sun.jna.Native", true, loader);
            return new Result("jna", platform(), Status.LOADED, "jnidispatch "
                    + nativeVersion(nativeClass, "getNativeVersion"));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Result("jna", platform(), Status.MISSING, cause(e));
        }
    }

    private Result pi4jLinuxFs() {
        String name = "pi4j-linuxfs";
        Result absent = absent(name, PI4J_ARCHES);
        if (absent != null) {
            return absent;
        }
        try {
            // LinuxFile (what the I2C provider opens /dev/i2c-N with) loads the library in its static
            // initialiser; its native strerror(0) answering proves the library linked.
            Class<?> linuxFile = Class.forName("com.pi4j.library.linuxfs.LinuxFile", true, loader);
            Method strerror = linuxFile.getDeclaredMethod("strerror", int.class);
            strerror.setAccessible(true);
            strerror.invoke(null, 0);
            return new Result(name, platform(), Status.LOADED, resource(name));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Result(name, platform(), Status.MISSING, resource(name) + ": " + cause(e));
        }
    }

    /**
     * Pi4J's gpiod loader extracts its two libraries but loads them only when Pi4J's board detection
     * says Raspberry Pi; on any other aarch64 board (or under emulation) the provider would fail at
     * the first GPIO call. So when the probe finds them unlinked, they are loaded here, from the
     * same resources and in the same order (libgpiod first: libpi4j-gpiod needs its soname
     * libgpiod.so.2, which the loaded copy then satisfies).
     */
    private Result pi4jGpiod() {
        String name = "pi4j-gpiod";
        Result absent = absent(name, PI4J_ARCHES);
        if (absent != null) {
            return absent;
        }
        String library = resource(name);
        String libgpiod = library.replace("libpi4j-gpiod.so", "libgpiod.so");
        try {
            Class<?> gpiod = Class.forName("com.pi4j.library.gpiod.internal.GpioD", true, loader);
            if (gpiodLinked(gpiod)) {
                return new Result(name, platform(), Status.LOADED, library);
            }
            if (loader.getResource(libgpiod) == null) {
                return new Result(name, platform(), Status.MISSING, libgpiod + " is not in the artifact");
            }
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("hoverla-pi4j-gpiod");
            dir.toFile().deleteOnExit();
            System.load(extract(libgpiod, dir).toString());
            System.load(extract(library, dir).toString());
            if (!gpiodLinked(gpiod)) {
                return new Result(name, platform(), Status.MISSING, library + ": loaded but its functions do not link");
            }
            return new Result(name, platform(), Status.LOADED, library + ", loaded by Hoverla: Pi4J's loader skips it "
                    + "off a Raspberry Pi");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException | java.io.IOException e) {
            return new Result(name, platform(), Status.MISSING, library + ": " + cause(e));
        }
    }

    /** Whether GpioD's natives are linked: {@code c_gpiod_strerror()} answers instead of UnsatisfiedLinkError. */
    private static boolean gpiodLinked(Class<?> gpiod) throws ReflectiveOperationException {
        Method strerror = gpiod.getDeclaredMethod("c_gpiod_strerror");
        strerror.setAccessible(true);
        try {
            strerror.invoke(null);
            return true;
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof UnsatisfiedLinkError) {
                return false;
            }
            throw e;
        }
    }

    private java.nio.file.Path extract(String resource, java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path file = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        try (java.io.InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new java.io.FileNotFoundException(resource);
            }
            java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        file.toFile().deleteOnExit();
        return file;
    }

    /** A private static native version getter, called to prove the library links; "?" if not reachable. */
    private static String nativeVersion(Class<?> owner, String method) {
        try {
            Method m = owner.getDeclaredMethod(method);
            m.setAccessible(true);
            return String.valueOf(m.invoke(null));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("native call failed: " + cause(e.getCause()), e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "?";
        }
    }

    /** The innermost cause's class and message, on one line. */
    static String cause(Throwable t) {
        if (t == null) {
            return "unknown cause";
        }
        Throwable c = t;
        while ((c instanceof java.lang.reflect.InvocationTargetException || c instanceof ExceptionInInitializerError
                || c.getMessage() == null) && c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String message = c.getMessage() == null ? "" : ": " + c.getMessage().replace('\n', ' ');
        return c.getClass().getSimpleName() + message;
    }
}
