package org.hoverla.hal.bus;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * Sets a non-standard line rate (CRSF's 420 000, SBUS's 100 000 baud) on a Linux tty with the
 * kernel's {@code termios2} interface: {@code TCGETS2}, then {@code BOTHER} in {@code c_cflag} and
 * the rate in {@code c_ispeed}/{@code c_ospeed}, then {@code TCSETS2} (Linux {@code
 * include/uapi/asm-generic/termbits.h}; the layout is the same on x86-64, arm and arm64).
 *
 * <p>Why: jSerialComm 2.11.2 cannot. Its {@code termios2} copy is sized with glibc's {@code NCCS}
 * (32) instead of the kernel's 19, so its {@code TCSETS2} request encodes a 60-byte structure, the
 * kernel does not recognise the request and {@code openPort()} fails with error 25 ({@code ENOTTY})
 * on every tty, ptys and a Pi's UARTs alike (seen with strace here; jSerialComm issue #579 reports
 * it at 420 000 baud on a Pi Zero 2 W for every version after 2.9.3).
 *
 * <p>Termios settings belong to the tty, not to a file descriptor, so this opens the device a
 * second time, sets the rate and closes its descriptor; the port stays open in jSerialComm. Call it
 * after every jSerialComm (re)configuration of the port: jSerialComm writes its own rate back each
 * time it configures (also when only the timeouts change).
 *
 * <p>Boot or driver thread; allocates (JNA), so not on the flight thread.
 */
public final class LinuxCustomBaud {
    private static final int O_RDWR = 0x2;
    private static final int O_NOCTTY = 0x100;
    private static final int O_NONBLOCK = 0x800;
    /** {@code _IOR('T', 0x2A, struct termios2)} with the kernel's 44-byte structure. */
    private static final long TCGETS2 = 0x802C542AL;
    /** {@code _IOW('T', 0x2B, struct termios2)}. */
    private static final long TCSETS2 = 0x402C542BL;
    private static final int TERMIOS2_BYTES = 44;
    private static final int C_CFLAG_OFFSET = 8;
    private static final int C_ISPEED_OFFSET = 36;
    private static final int C_OSPEED_OFFSET = 40;
    private static final int CBAUD = 0x100F;   // 0010017
    private static final int BOTHER = 0x1000;  // 0010000

    private interface CLibrary extends Library {
        int open(String path, int flags);

        int ioctl(int fd, NativeLong request, byte[] termios2);

        int close(int fd);
    }

    private static volatile CLibrary libc;

    private LinuxCustomBaud() {
    }

    /** Whether this machine can use it: Linux on x86-64, arm or arm64. */
    public static boolean supported() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64")
                || arch.startsWith("arm"));
    }

    /**
     * Sets {@code baud} on the tty at {@code path}, keeping every other setting.
     *
     * @return the rate the kernel reports afterwards
     * @throws BusException when the device cannot be opened or refuses the rate
     */
    public static int set(String path, int baud) throws BusException {
        if (!supported()) {
            throw new BusException(BusException.Kind.IO, "custom line rates need Linux (x86-64, arm, arm64)");
        }
        CLibrary c;
        try {
            c = lib();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new BusException(BusException.Kind.IO, "cannot load libc through JNA: " + e.getMessage(), e);
        }
        int fd = c.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
            throw new BusException(BusException.Kind.IO, "cannot open " + path + " to set " + baud + " baud (errno "
                    + Native.getLastError() + ")");
        }
        try {
            byte[] t = new byte[TERMIOS2_BYTES];
            if (c.ioctl(fd, new NativeLong(TCGETS2), t) != 0) {
                throw new BusException(BusException.Kind.IO, "TCGETS2 failed on " + path + " (errno "
                        + Native.getLastError() + ")");
            }
            int cflag = getInt(t, C_CFLAG_OFFSET);
            putInt(t, C_CFLAG_OFFSET, (cflag & ~CBAUD) | BOTHER);
            putInt(t, C_ISPEED_OFFSET, baud);
            putInt(t, C_OSPEED_OFFSET, baud);
            if (c.ioctl(fd, new NativeLong(TCSETS2), t) != 0) {
                throw new BusException(BusException.Kind.IO, path + " refuses " + baud + " baud (errno "
                        + Native.getLastError() + ")");
            }
            byte[] check = new byte[TERMIOS2_BYTES];
            if (c.ioctl(fd, new NativeLong(TCGETS2), check) != 0) {
                throw new BusException(BusException.Kind.IO, "TCGETS2 failed on " + path);
            }
            return getInt(check, C_OSPEED_OFFSET);
        } finally {
            c.close(fd);
        }
    }

    /** A tty's line settings as the kernel reports them. */
    public record LineSettings(int cflag, int inputBaud, int outputBaud) {
        /** termios {@code PARENB}: parity generated and checked. */
        public boolean parity() {
            return (cflag & 0x100) != 0;
        }

        /** termios {@code CSTOPB}: two stop bits. */
        public boolean twoStopBits() {
            return (cflag & 0x40) != 0;
        }
    }

    /** Reads the tty's settings with {@code TCGETS2} (diagnostics and tests). */
    public static LineSettings read(String path) throws BusException {
        CLibrary c;
        try {
            c = lib();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new BusException(BusException.Kind.IO, "cannot load libc through JNA: " + e.getMessage(), e);
        }
        int fd = c.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
            throw new BusException(BusException.Kind.IO, "cannot open " + path + " (errno " + Native.getLastError() + ")");
        }
        try {
            byte[] t = new byte[TERMIOS2_BYTES];
            if (c.ioctl(fd, new NativeLong(TCGETS2), t) != 0) {
                throw new BusException(BusException.Kind.IO, "TCGETS2 failed on " + path);
            }
            return new LineSettings(getInt(t, C_CFLAG_OFFSET), getInt(t, C_ISPEED_OFFSET), getInt(t, C_OSPEED_OFFSET));
        } finally {
            c.close(fd);
        }
    }

    private static CLibrary lib() {
        CLibrary c = libc;
        if (c == null) {
            c = Native.load("c", CLibrary.class);
            libc = c;
        }
        return c;
    }

    // termios2 fields are native-endian unsigned ints; every supported target is little-endian.
    private static int getInt(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
