package org.hoverla.core.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.hoverla.core.time.SystemClock;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.bus.JSerialCommUart;
import org.hoverla.hal.gnss.SerialGnssReceiver;
import org.hoverla.hal.gnss.SerialGnssReceiver.SetupState;
import org.hoverla.hal.gnss.UbxConfigurator;
import org.hoverla.hal.gnss.UbxParser;
import org.hoverla.hal.gnss.UbxProtocol;
import org.hoverla.testsupport.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The u-blox set-up over the real jSerialComm path: {@link SerialGnss} opens one end of a socat
 * pseudo-terminal pair, and a scripted ZED-F9P-like receiver at the other end answers MON-VER and
 * the configuration messages (ACK-ACK, ACK-NAK or silence, as scripted) while streaming NAV-PVT at
 * 10 Hz; the fixes reach the flight thread's GNSS channel. Skipped with one line without socat.
 * These tests wait on the wall clock (a real port); each wait is bounded.
 */
class SerialUbxSetupSocatTest {
    private static final long WAIT_NS = 15_000_000_000L;

    private SocatPtyPair socat;
    private ScriptedUblox ublox;
    private SerialGnss gnss;

    @AfterEach
    void stop() throws Exception {
        if (gnss != null) {
            gnss.close();
        }
        if (ublox != null) {
            ublox.stop();
        }
        if (socat != null) {
            socat.close();
        }
    }

    /** The far end: a receiver that answers configuration as scripted and streams NAV-PVT. */
    static final class ScriptedUblox implements Runnable {
        enum Answer { ACK, NAK_FIRST, SILENT }

        final List<String> received = new CopyOnWriteArrayList<>();
        final AtomicInteger valsetsSeen = new AtomicInteger();
        private final Answer answer;
        private final boolean answerMonVer;
        private final FileInputStream in;
        private final FileOutputStream out;
        private final Thread thread = new Thread(this, "scripted-ublox");
        private volatile boolean running = true;
        private volatile boolean rebootRequested;
        private long iTowMs = 100_000;
        private final UbxParser parser = new UbxParser(new UbxParser.Listener() {
            @Override
            public void onFrame(int cls, int id, byte[] payload, int off, int len) {
                answer(cls, id);
            }
        });

        ScriptedUblox(String path, Answer answer, boolean answerMonVer) throws IOException {
            this.answer = answer;
            this.answerMonVer = answerMonVer;
            this.in = new FileInputStream(path);
            this.out = new FileOutputStream(path);
            thread.setDaemon(true);
            thread.start();
        }

        private void answer(int cls, int id) {
            received.add(String.format("%02X %02X", cls, id));
            try {
                if (cls == UbxProtocol.CLASS_MON && id == UbxProtocol.MON_VER) {
                    if (answerMonVer) {
                        byte[] p = new byte[70];
                        put(p, 0, "EXT CORE 1.00 (94e56e)");
                        put(p, 30, "00190000");
                        put(p, 40, "PROTVER=27.50");
                        out.write(UbxProtocol.frame(UbxProtocol.CLASS_MON, UbxProtocol.MON_VER, p));
                    }
                    return;
                }
                if (cls != UbxProtocol.CLASS_CFG) {
                    return;
                }
                int nth = id == UbxProtocol.CFG_VALSET ? valsetsSeen.incrementAndGet() : 1;
                if (answer == Answer.SILENT) {
                    return;
                }
                boolean nak = answer == Answer.NAK_FIRST && id == UbxProtocol.CFG_VALSET && nth == 1;
                out.write(UbxProtocol.frame(UbxProtocol.CLASS_ACK, nak ? UbxProtocol.ACK_NAK : UbxProtocol.ACK_ACK,
                        new byte[] {(byte) cls, (byte) id}));
            } catch (IOException e) {
                running = false;
            }
        }

        private static void put(byte[] p, int off, String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, p, off, b.length);
        }

        /** A 3-D NAV-PVT at 47.4 N 8.5 E, 2026-12-04, at the current iTOW. */
        private byte[] pvt() {
            byte[] p = new byte[92];
            long ms = iTowMs % 60_000;
            UbxProtocol.putLe(p, 0, iTowMs, 4);
            UbxProtocol.putLe(p, 4, 2026, 2);
            UbxProtocol.putLe(p, 6, 12, 1);
            UbxProtocol.putLe(p, 7, 4, 1);
            UbxProtocol.putLe(p, 8, 20, 1);
            UbxProtocol.putLe(p, 9, (iTowMs / 60_000) % 60, 1);
            UbxProtocol.putLe(p, 10, ms / 1000, 1);
            UbxProtocol.putLe(p, 11, 0x07, 1);
            UbxProtocol.putLe(p, 16, (ms % 1000) * 1_000_000L, 4);
            UbxProtocol.putLe(p, 20, 3, 1);
            UbxProtocol.putLe(p, 21, 0x01, 1);
            UbxProtocol.putLe(p, 23, 12, 1);
            UbxProtocol.putLe(p, 24, 85_000_000, 4);
            UbxProtocol.putLe(p, 28, 474_000_000, 4);
            UbxProtocol.putLe(p, 32, 530_000, 4);
            UbxProtocol.putLe(p, 36, 480_000, 4);
            UbxProtocol.putLe(p, 40, 1_200, 4);
            UbxProtocol.putLe(p, 44, 1_800, 4);
            UbxProtocol.putLe(p, 68, 200, 4);
            return UbxProtocol.frame(UbxProtocol.CLASS_NAV, UbxProtocol.NAV_PVT, p);
        }

        @Override
        public void run() {
            byte[] buf = new byte[512];
            long nextPvtNs = System.nanoTime();
            try {
                while (running) {
                    int available = in.available();
                    if (available > 0) {
                        int n = in.read(buf, 0, Math.min(buf.length, available));
                        parser.feed(buf, 0, n);
                    }
                    if (rebootRequested) {
                        rebootRequested = false;
                        // Power cycle: a cut frame, then the boot banner (NMEA TXT), then 1 Hz output.
                        out.write(pvt(), 0, 40);
                        out.write("$GNTXT,01,01,02,u-blox AG - www.u-blox.com*4E\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    if (System.nanoTime() - nextPvtNs >= 0) {
                        iTowMs += 100;
                        out.write(pvt());
                        nextPvtNs += 100_000_000L;
                    }
                    Thread.sleep(2);
                }
            } catch (IOException | InterruptedException e) {
                running = false;
            }
        }

        void reboot() {
            rebootRequested = true;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(2_000);
        }
    }

    private static SerialGnssReceiver.UbxSetup setup() {
        // 300 ms per answer, 3 attempts; 0.4 s per baud rate; retry after 1 s.
        UbxConfigurator.Settings settings = new UbxConfigurator.Settings(10, UbxConfigurator.Settings.AIRBORNE_4G,
                10, 10, UbxConfigurator.Port.UART1, 300_000_000L, 3);
        return new SerialGnssReceiver.UbxSetup(settings, new int[] {38400, 9600}, 400_000_000L, 1_000_000_000L,
                3_000_000_000L, 3);
    }

    private void start(ScriptedUblox.Answer answer, boolean answerMonVer) throws Exception {
        socat = SocatPtyPair.start("SerialUbxSetupSocatTest");
        ublox = new ScriptedUblox(socat.far(), answer, answerMonVer);
        String near = socat.near();
        gnss = SerialGnss.open(() -> JSerialCommUart.open(near, 38400), new BackendChannel.GnssChannel("gnss0"),
                SystemClock.INSTANCE, setup());
        gnss.start();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NS;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    /** Polls the flight-thread side of the channel until a 3-D fix comes. */
    private GnssSample fixOnTheFlightThread() throws InterruptedException {
        GnssSample fix = new GnssSample();
        boolean[] got = {false};
        await(() -> got[0] || (got[0] = gnss.channel().poll(fix) && fix.fixType == GnssSample.FIX_3D));
        assertThat(got[0]).as("a 3-D fix on the flight thread").isTrue();
        return fix;
    }

    @Test
    void shouldConfigureTheReceiverByAckAndDeliverItsNavPvtFixes() throws Exception {
        // Given a u-blox F9 at the far end that acknowledges everything
        start(ScriptedUblox.Answer.ACK, true);

        // When the driver thread runs its set-up
        SerialGnssReceiver rx = gnss.receiver();
        assertThat(await(() -> rx.setupState() == SetupState.CONFIGURED)).as(gnss.status()).isTrue();

        // Then the rate was found, MON-VER asked, the generation-9 method used, nothing failed
        assertThat(rx.baudRate()).isEqualTo(38400);
        assertThat(ublox.received).contains("0A 04", "06 8A");
        assertThat(rx.configurations()).isEqualTo(1);
        assertThat(rx.setupFailures()).isZero();
        // And NAV-PVT epochs become fixes on the flight thread, with their UTC time
        GnssSample fix = fixOnTheFlightThread();
        assertThat(fix.latDeg).isEqualTo(47.4);
        assertThat(fix.utcTimeMs).isPositive();
        assertThat(fix.velocityValid).isTrue();
        assertThat(await(rx::healthy)).isTrue();
        System.out.println("SerialUbxSetupSocatTest: " + gnss.status());
    }

    @Test
    void shouldRetryAfterAnAckNakWithAClearReasonAndThenConfigure() throws Exception {
        // Given a receiver that refuses the first CFG-VALSET
        start(ScriptedUblox.Answer.NAK_FIRST, true);
        SerialGnssReceiver rx = gnss.receiver();

        // When the set-up runs
        assertThat(await(() -> rx.setupFailures() >= 1)).isTrue();
        // Then the failure is counted with its reason, the receiver is not healthy meanwhile
        assertThat(rx.lastSetupError()).contains("ACK-NAK");
        // And the retry succeeds
        assertThat(await(() -> rx.setupState() == SetupState.CONFIGURED)).as(gnss.status()).isTrue();
        assertThat(rx.setupFailures()).isEqualTo(1);
        assertThat(ublox.valsetsSeen.get()).isGreaterThan(1);
        fixOnTheFlightThread();
        System.out.println("SerialUbxSetupSocatTest: " + gnss.status());
    }

    @Test
    void shouldFailClearlyAndKeepRetryingWhenTheReceiverNeverAnswers() throws Exception {
        // Given a receiver that streams but answers no poll and no configuration
        start(ScriptedUblox.Answer.SILENT, false);
        SerialGnssReceiver rx = gnss.receiver();

        // When the set-up runs twice
        assertThat(await(() -> rx.setupFailures() >= 2)).as(gnss.status()).isTrue();

        // Then each attempt ended with a reason (no hang), the receiver is not healthy, and its
        // epochs still reach the flight thread (marked by the channel's error count)
        assertThat(rx.lastSetupError()).contains("MON-VER poll: no reply after 3 attempts");
        assertThat(rx.healthy()).isFalse();
        GnssSample fix = fixOnTheFlightThread();
        assertThat(fix.errorCount).isPositive();
        System.out.println("SerialUbxSetupSocatTest: " + gnss.status());
    }

    @Test
    void shouldConfigureAgainAfterTheReceiverRebootsMidStream() throws Exception {
        // Given a configured receiver
        start(ScriptedUblox.Answer.ACK, true);
        SerialGnssReceiver rx = gnss.receiver();
        assertThat(await(() -> rx.setupState() == SetupState.CONFIGURED)).as(gnss.status()).isTrue();
        long errorsBefore = rx.parserErrors();

        // When it reboots: a frame cut short, then its boot banner
        ublox.reboot();

        // Then the reboot is recognised and the receiver configured again, the cut frame counted
        assertThat(await(() -> rx.configurations() == 2)).as(gnss.status()).isTrue();
        assertThat(rx.receiverReboots()).isEqualTo(1);
        assertThat(await(() -> rx.parserErrors() > errorsBefore || rx.ubxParser().skippedBytes() > 0)).isTrue();
        // And fixes flow again
        fixOnTheFlightThread();
        System.out.println("SerialUbxSetupSocatTest: " + gnss.status());
    }
}
