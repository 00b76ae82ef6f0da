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
 * other library is expected on linux-x86_64 and linux-aarch64 and is {@link Status#MISSING} when it
 * does not load.
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
        out.add(pi4j("pi4j-linuxfs", "com.pi4j.library.linuxfs.internal.LinuxFs", "pi4j-linuxfs/libpi4j-linuxfs.so"));
        out.add(pi4j("pi4j-gpiod", "com.pi4j.library.gpiod.internal.GpioD", "pi4j-gpiod/libpi4j-gpiod.so"));
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

    private Result pi4j(String name, String jniClass, String libraryPath) {
        Result absent = absent(name, "Pi4J 2.8 ships it for armhf and aarch64 only");
        if (absent != null) {
            return absent;
        }
        try {
            // The class's static initialiser extracts and loads the library (and, for gpiod, the
            // libgpiod it links against).
            Class.forName(jniClass, true, loader);
            return new Result(name, platform(), Status.LOADED, resource(name));
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return new Result(name, platform(), Status.MISSING, libraryPath + ": " + cause(e));
        }
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
