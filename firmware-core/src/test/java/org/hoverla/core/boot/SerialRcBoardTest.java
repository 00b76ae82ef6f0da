package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.core.boot.RcWireFrames.crsf;
import static org.hoverla.core.boot.RcWireFrames.crsfChannels;
import static org.hoverla.core.boot.RcWireFrames.crsfLinkStatistics;
import static org.hoverla.core.boot.RcWireFrames.sbus;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.hoverla.core.msg.FlightMode;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.time.SystemClock;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.hal.RcInputSample;
import org.hoverla.hal.RcReceiver;
import org.hoverla.hal.rc.SerialRcReceiver;
import org.hoverla.testsupport.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A board file's serial RC receiver brought up by the boot code, over a socat pseudo-terminal pair:
 * frames written at the far end reach the flight thread's {@link RcReceiver} through jSerialComm,
 * the {@code driver-rc} thread and the seqlock hand-over. The near end is really set to the
 * protocol's rate (420 000 baud; 100 000 baud with two stop bits for SBUS: a Linux pty accepts
 * any rate through termios2 but always clears parity, see docs/rc-receivers.md); a pty moves bytes
 * at memory speed whatever the rate. Skipped with one line without socat.
 */
class SerialRcBoardTest {
    private static final long MS = 1_000_000L;
    private SocatPtyPair socat;
    private BootDevices devices;

    @AfterEach
    void stop() throws InterruptedException {
        if (devices != null) {
            devices.close();
        }
        if (socat != null) {
            socat.close();
        }
    }

    private BootDevices boot(String rcEntry, List<String> log) throws Exception {
        BoardConfig board = BoardFile.parse("rc.yaml", "board: serial-rc\nbuses: fake\ndevices:\n"
                + "  - role: imu\n    chip: mpu6050\n    i2c: {bus: 1, address: 0x68}\n" + rcEntry, false);
        return BoardDevices.open(board, new FlightParams(new ParamStore()), SystemClock.INSTANCE, FakeBuses.create(3),
                log::add);
    }

    /**
     * Polls the flight side every 2 ms (as the RC task does), writing {@code burst} to the far end
     * every {@code periodMs}, until a sample matches or 10 s pass; every sample seen is kept.
     */
    private static RcInputSample await(RcReceiver rc, FileOutputStream far, byte[] burst, int periodMs,
                                       Predicate<RcInputSample> done, List<RcInputSample> seen) throws IOException {
        RcInputSample s = new RcInputSample();
        long deadline = System.nanoTime() + 10_000 * MS;
        long nextWrite = 0;
        while (System.nanoTime() < deadline) {
            if (burst != null && System.nanoTime() >= nextWrite) {
                far.write(burst);
                far.flush();
                nextWrite = System.nanoTime() + periodMs * MS;
            }
            if (rc.poll(s)) {
                RcInputSample copy = new RcInputSample();
                copy.copyFrom(s);
                seen.add(copy);
                if (done.test(copy)) {
                    return copy;
                }
            }
            LockSupport.parkNanos(2 * MS);
        }
        throw new AssertionError("no matching RC sample within 10 s; seen " + seen.size());
    }

    /** Collects what the flight controller writes back (CRSF telemetry) on a daemon thread. */
    private static ByteArrayOutputStream readBack(String far) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        FileInputStream in = new FileInputStream(far);
        Thread t = new Thread(() -> {
            byte[] b = new byte[256];
            try (in) {
                int n;
                while ((n = in.read(b)) > 0) {
                    synchronized (got) {
                        got.write(b, 0, n);
                    }
                }
            } catch (IOException e) {
                // socat stopped: done
            }
        }, "test-crsf-telemetry-reader");
        t.setDaemon(true);
        t.start();
        return got;
    }

    @Test
    void shouldDeliverCrsfFramesAt420000BaudAndSendTelemetryBack() throws Exception {
        // Given a board whose RC receiver is CRSF (default 420000 baud) on one end of a pty pair, and a flight state
        socat = SocatPtyPair.start("SerialRcBoardTest");
        List<String> log = new ArrayList<>();
        devices = boot("  - role: rc\n    chip: crsf\n    uart: {path: " + socat.near() + "}\n", log);
        FlightBus bus = new FlightBus();
        VehicleStatus status = new VehicleStatus();
        status.mode = FlightMode.POSITION;
        bus.vehicleStatus.advertise().publish(status);
        org.hoverla.core.msg.BatteryStatus battery = new org.hoverla.core.msg.BatteryStatus();
        battery.connected = true;
        battery.voltageV = 15.8;
        battery.remainingFraction = 0.62;
        bus.batteryStatus.advertise().publish(battery);
        devices.attachFlightBus(bus);
        devices.start();
        assertThat(log).contains("rc: crsf on uart " + socat.near() + " at 420000 baud");
        ByteArrayOutputStream telemetry = readBack(socat.far());
        List<RcInputSample> seen = new ArrayList<>();
        try (FileOutputStream far = new FileOutputStream(socat.far())) {
            // When a receiver writes link statistics and RC frames every 10 ms
            byte[] burst = concat(crsfLinkStatistics(60, 90, 99, 7, 0), crsfChannels(172, 1811, 992));
            RcInputSample s = await(devices.devices().rc(), far, burst, 10, x -> x.channelCount > 0
                    && x.linkQualityPct >= 0, seen);
            // Then the flight thread's receiver has the sticks and the link figures
            assertThat(s.failsafe).isFalse();
            assertThat(s.channelCount).isEqualTo(16);
            assertThat(Arrays.copyOf(s.channelsUs, 3)).containsExactly(988, 2012, 1500);
            assertThat(s.linkQualityPct).isEqualTo(99);
            assertThat(s.rssiDbm).isEqualTo(-60f);
            assertThat(s.snrDb).isEqualTo(7f);
            // And telemetry frames come back between the receiver's frames (about 10 per second)
            await(devices.devices().rc(), far, burst, 10, x -> telemetryText(telemetry).contains("Position"), seen);
        }
        SerialRcReceiver driver = devices.rcDriver();
        assertThat(driver.openFailures()).isZero();
        assertThat(driver.crcErrors()).isZero();
        assertThat(driver.telemetryFrames()).isPositive();
        byte[] back;
        synchronized (telemetry) {
            back = telemetry.toByteArray();
        }
        assertThat(frameTypes(back)).contains(0x08, 0x21);
        System.out.println("SerialRcBoardTest: CRSF " + driver.status());
    }

    @Test
    void shouldDeliverSbusFramesAt100000Baud8E2AndTheFailsafeBit() throws Exception {
        // Given a board whose RC receiver is SBUS on a pty pair
        socat = SocatPtyPair.start("SerialRcBoardTest");
        List<String> log = new ArrayList<>();
        devices = boot("  - role: rc\n    chip: sbus\n    uart: {path: " + socat.near() + ", baud: 100000}\n", log);
        devices.start();
        assertThat(log).contains("rc: sbus on uart " + socat.near() + " at 100000 baud");
        List<RcInputSample> seen = new ArrayList<>();
        try (FileOutputStream far = new FileOutputStream(socat.far())) {
            // When a receiver writes frames every 14 ms
            RcInputSample s = await(devices.devices().rc(), far, sbus(0x01, 1800, 200), 14,
                    x -> x.channelCount > 0, seen);
            // Then the flight side has the 16 proportional and 2 digital channels
            assertThat(s.channelCount).isEqualTo(18);
            assertThat(s.channelsUs[0]).isEqualTo(2000);
            assertThat(s.channelsUs[1]).isEqualTo(1000);
            assertThat(s.channelsUs[16]).isEqualTo(1998);
            assertThat(s.channelsUs[17]).isEqualTo(998);
            // And when the receiver raises the failsafe bit, the flight side sees failsafe without channels
            RcInputSample fs = await(devices.devices().rc(), far, sbus(0x08, 1800, 200), 14, x -> x.failsafe, seen);
            assertThat(fs.channelCount).isZero();
        }
        assertThat(devices.rcDriver().receiverFailsafeFrames()).isPositive();
        System.out.println("SerialRcBoardTest: SBUS " + devices.rcDriver().status());
    }

    @Test
    void shouldTurnAStoppedWriterIntoRcLossWithinTheLinkTimeout() throws Exception {
        // Given a CRSF receiver with a 200 ms link timeout, delivering frames
        socat = SocatPtyPair.start("SerialRcBoardTest");
        devices = boot("  - role: rc\n    chip: crsf\n    uart: {path: " + socat.near() + ", baud: 420000}\n"
                + "    options: {link_timeout_ms: 200, telemetry: 0}\n", new ArrayList<>());
        devices.start();
        List<RcInputSample> seen = new ArrayList<>();
        RcReceiver rc = devices.devices().rc();
        try (FileOutputStream far = new FileOutputStream(socat.far())) {
            await(rc, far, crsfChannels(1500), 10, x -> x.channelCount > 0, seen);
            // (a pause well inside the 200 ms link timeout: one as long as it raced the timeout
            // on a loaded machine and gave a second link loss)
            LockSupport.parkNanos(50 * MS);
            await(rc, far, crsfChannels(1500), 10, x -> x.channelCount > 0, seen);
            // When the writer stops
            long stoppedNs = System.nanoTime();
            RcInputSample lost = await(rc, far, null, 0, x -> x.failsafe, seen);
            long noticedMs = (System.nanoTime() - stoppedNs) / MS;
            // Then the flight side gets one failsafe sample, no channels, 200 ms (plus a read or two) after the last frame
            RcInputSample lastValid = seen.get(seen.size() - 2);
            long gapMs = (lost.timestampSampleNs - lastValid.timestampSampleNs) / MS;
            assertThat(lost.channelCount).isZero();
            assertThat(gapMs).isBetween(200L, 600L);
            System.out.println("SerialRcBoardTest: RC loss reported " + gapMs + " ms after the last frame, seen by the"
                    + " flight side " + noticedMs + " ms after the writer stopped");
        }
        assertThat(devices.rcDriver().linkLosses()).isEqualTo(1);
        assertThat(rc.poll(new RcInputSample())).isFalse();
    }

    @Test
    void shouldCountAndSkipBadCrsfInputAndNeverDeliverIt() throws Exception {
        // Given a CRSF receiver on a pty pair
        socat = SocatPtyPair.start("SerialRcBoardTest");
        devices = boot("  - role: rc\n    chip: crsf\n    uart: {path: " + socat.near() + "}\n"
                + "    options: {telemetry: 0}\n", new ArrayList<>());
        devices.start();
        // When the line carries noise, a frame with a bad CRC, a bad length, a truncated frame, and one good frame
        byte[] noise = noise(48, 0xC8);
        byte[] badCrc = crsfChannels(1811);
        badCrc[badCrc.length - 1] ^= 0x5A;
        byte[] badLength = {(byte) 0xC8, (byte) 0x50, 0x16, 0x01};
        byte[] shortPayload = crsf(0x16, new byte[20]);
        byte[] truncated = Arrays.copyOf(crsfChannels(1811), 11);
        byte[] good = crsfChannels(172);
        List<RcInputSample> seen = new ArrayList<>();
        try (FileOutputStream far = new FileOutputStream(socat.far())) {
            await(devices.devices().rc(), far, concat(noise, badCrc, badLength, shortPayload, truncated, good), 20,
                    x -> devices.rcDriver().samples() >= 5, seen);
        }
        // Then every bad piece is counted and only the good frame's sticks ever reach the flight side
        SerialRcReceiver d = devices.rcDriver();
        assertThat(d.crcErrors()).isPositive();
        assertThat(d.formatErrors()).isPositive();
        assertThat(d.skippedBytes()).isGreaterThanOrEqualTo(noise.length + badCrc.length);
        assertThat(seen).isNotEmpty().allSatisfy(s -> {
            assertThat(s.failsafe).isFalse();
            assertThat(s.channelsUs[0]).isEqualTo(988);
        });
        System.out.println("SerialRcBoardTest: bad CRSF input " + d.status());
    }

    @Test
    void shouldCountAndSkipBadSbusInputAndNeverDeliverIt() throws Exception {
        // Given an SBUS receiver on a pty pair
        socat = SocatPtyPair.start("SerialRcBoardTest");
        devices = boot("  - role: rc\n    chip: sbus\n    uart: {path: " + socat.near() + ", baud: 100000}\n",
                new ArrayList<>());
        devices.start();
        // When the line carries, with inter-frame gaps, noise, a frame with a wrong end byte, a truncated frame,
        // frames with the frame-lost bit, and good frames
        byte[] wrongEnd = new byte[25];
        wrongEnd[0] = 0x0F;
        wrongEnd[24] = (byte) 0xFF;
        byte[] truncated = Arrays.copyOf(new byte[] {0x0F}, 12);
        byte[] lost = sbus(0x04, 1800);
        byte[] good = sbus(0x00, 200);
        byte[][] sequence = {noise(40, 0x0F), wrongEnd, truncated, lost, good};
        RcReceiver rc = devices.devices().rc();
        RcInputSample s = new RcInputSample();
        List<RcInputSample> seen = new ArrayList<>();
        try (FileOutputStream far = new FileOutputStream(socat.far())) {
            long deadline = System.nanoTime() + 10_000 * MS;
            while (devices.rcDriver().samples() < 5 && System.nanoTime() < deadline) {
                for (byte[] piece : sequence) {
                    far.write(piece);
                    far.flush();
                    LockSupport.parkNanos(15 * MS);
                    if (rc.poll(s)) {
                        RcInputSample copy = new RcInputSample();
                        copy.copyFrom(s);
                        seen.add(copy);
                    }
                }
            }
        }
        // Then each is counted, and the flight side only ever sees the good frames' sticks
        SerialRcReceiver d = devices.rcDriver();
        assertThat(d.samples()).isGreaterThanOrEqualTo(5);
        assertThat(d.formatErrors()).isPositive();
        assertThat(d.skippedBytes()).isPositive();
        assertThat(d.lostFrames()).isPositive();
        assertThat(seen).isNotEmpty().allSatisfy(x -> {
            assertThat(x.failsafe).isFalse();
            assertThat(x.frameLost).isFalse();
            assertThat(x.channelsUs[0]).isEqualTo(1000);
        });
        System.out.println("SerialRcBoardTest: bad SBUS input " + d.status());
    }

    @Test
    void shouldTurnAnUnpluggedReceiverIntoRcLoss() throws Exception {
        // Given a CRSF receiver delivering frames
        socat = SocatPtyPair.start("SerialRcBoardTest");
        devices = boot("  - role: rc\n    chip: crsf\n    uart: {path: " + socat.near() + "}\n"
                + "    options: {telemetry: 0}\n", new ArrayList<>());
        devices.start();
        List<RcInputSample> seen = new ArrayList<>();
        try (FileOutputStream far = new FileOutputStream(socat.far())) {
            await(devices.devices().rc(), far, crsfChannels(1500), 10, x -> x.channelCount > 0, seen);
        }
        // When the device vanishes (socat killed: both ptys are gone)
        socat.process().destroyForcibly().waitFor();
        // Then the read error is counted and the flight side gets RC loss
        RcInputSample lost = await(devices.devices().rc(), null, null, 0, x -> x.failsafe, seen);
        assertThat(lost.channelCount).isZero();
        assertThat(devices.rcDriver().readErrors()).isPositive();
        System.out.println("SerialRcBoardTest: unplugged " + devices.rcDriver().status());
    }

    @Test
    void shouldBootWithTheReceiverPortMissingAndKeepTryingIt() throws Exception {
        // Given a board whose RC receiver's port does not exist (yet)
        List<String> log = new ArrayList<>();
        devices = boot("  - role: rc\n    chip: sbus\n    uart: {path: /dev/hoverla-no-rc-here}\n", log);
        // When the devices start and 1.2 s pass
        devices.start();
        LockSupport.parkNanos(1_200 * MS);
        // Then the boot went on, the flight side has no RC, and the port was retried every 0.5 s
        assertThat(log).contains("rc: sbus on uart /dev/hoverla-no-rc-here at 100000 baud");
        assertThat(devices.devices().rc().poll(new RcInputSample())).isFalse();
        assertThat(devices.rcDriver().openFailures()).isBetween(2L, 4L);
        assertThat(devices.rcDriver().lastOpenError()).contains("/dev/hoverla-no-rc-here");
    }

    /** Random bytes without the protocol's start byte. */
    private static byte[] noise(int n, int avoid) {
        byte[] b = new byte[n];
        new java.util.Random(42).nextBytes(b);
        for (int i = 0; i < n; i++) {
            if ((b[i] & 0xFF) == avoid) {
                b[i] = 0x55;
            }
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String telemetryText(ByteArrayOutputStream telemetry) {
        synchronized (telemetry) {
            return telemetry.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The types of the CRSF frames in a byte stream written by the flight controller. */
    private static List<Integer> frameTypes(byte[] b) {
        List<Integer> types = new ArrayList<>();
        int p = 0;
        while (p + 2 < b.length) {
            int len = b[p + 1] & 0xFF;
            if ((b[p] & 0xFF) != 0xC8 || p + len + 2 > b.length) {
                break;
            }
            assertThat(b[p + len + 1] & 0xFF).isEqualTo(org.hoverla.hal.rc.CrsfCrc8.compute(b, p + 2, len - 1));
            types.add(b[p + 2] & 0xFF);
            p += len + 2;
        }
        return types;
    }
}
