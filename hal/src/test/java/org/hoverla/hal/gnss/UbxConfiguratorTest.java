package org.hoverla.hal.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hoverla.hal.gnss.ScriptedUbxReceiver.Answer;
import org.hoverla.hal.gnss.UbxConfigurator.Action;
import org.hoverla.hal.gnss.UbxConfigurator.Method;
import org.hoverla.hal.gnss.UbxConfigurator.Port;
import org.hoverla.hal.gnss.UbxConfigurator.Settings;
import org.hoverla.hal.gnss.UbxConfigurator.Status;
import org.junit.jupiter.api.Test;

class UbxConfiguratorTest {
    private static final long MS = 1_000_000L;
    private static final long TICK = 10 * MS;

    private long now;
    private long finishedAtNs;

    /** Runs the configurator against the receiver on a 10 ms tick until DONE or FAILED (or 60 s). */
    private Action run(UbxConfigurator cfg, ScriptedUbxReceiver rx) {
        UbxParser host = new UbxParser(new UbxParser.Listener() {
            @Override
            public void onFrame(int c, int i, byte[] p, int o, int l) {
                cfg.onFrame(c, i, p, o, l);
            }
        });
        for (now = 0; now < 60_000 * MS; now += TICK) {
            Action a = cfg.step(now);
            if (a.status() == Status.DONE || a.status() == Status.FAILED) {
                finishedAtNs = now;
                return a;
            }
            if (a.status() == Status.WRITE) {
                byte[] back = rx.hostWrites(a.bytes());
                host.feed(back, 0, back.length);
            }
        }
        throw new AssertionError("configurator never finished");
    }

    private static ScriptedUbxReceiver f9p() {
        return new ScriptedUbxReceiver("EXT CORE 1.00 (94e56e)", "00190000", "ROM BASE 0x118B2060",
                "FWVER=HPG 1.13", "PROTVER=27.12", "MOD=ZED-F9P", "GPS;GLO;GAL;BDS", "QZSS");
    }

    private static ScriptedUbxReceiver m8n() {
        return new ScriptedUbxReceiver("ROM CORE 3.01 (107888)", "00080000", "FWVER=SPG 3.01", "PROTVER=18.00",
                "GPS;GLO;GAL;BDS", "SBAS;IMES;QZSS");
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02X ", x & 0xFF));
        }
        return s.toString().trim();
    }

    @Test
    void shouldUseCfgValsetForProtocol27AndLater() {
        // Given a ZED-F9P (PROTVER=27.12) that ACKs everything, configured for 10 Hz on UART1
        ScriptedUbxReceiver rx = f9p();
        UbxConfigurator cfg = new UbxConfigurator(Settings.defaults());
        // When configured
        Action a = run(cfg, rx);
        // Then DONE by three CFG-VALSETs after the MON-VER poll
        assertThat(a.status()).isEqualTo(Status.DONE);
        assertThat(cfg.method()).isEqualTo(Method.VALSET);
        assertThat(cfg.protocolVersion()).isEqualTo("27.12");
        assertThat(cfg.hardwareVersion()).isEqualTo("00190000");
        assertThat(rx.writtenNames()).containsExactly("0A 04", "06 8A", "06 8A", "06 8A");
        // And the first sets, in RAM: RATE-MEAS 100 ms (U2), RATE-NAV 1, DYNMODEL 8 (airborne <4g),
        // FIXMODE 3 (auto), ITFM-ENABLE 1, UART1OUTPROT-NMEA 0 (keys little-endian)
        assertThat(hex(rx.written.get(1).payload())).isEqualTo("00 01 00 00 "
                + "01 00 21 30 64 00 " + "02 00 21 30 01 00 " + "21 00 11 20 08 " + "11 00 11 20 03 "
                + "0D 00 41 10 01 " + "02 00 74 10 00");
        // And the second: MSGOUT NAV-PVT/NAV-DOP/NAV-SAT/MON-RF on UART1 (I2C key + 1) at 1, 1, 10, 10
        assertThat(hex(rx.written.get(2).payload())).isEqualTo("00 01 00 00 "
                + "07 00 91 20 01 " + "39 00 91 20 01 " + "16 00 91 20 0A " + "5A 03 91 20 0A");
        // And the third: MSGOUT SEC-SIG UART1 = 0x20910635
        assertThat(hex(rx.written.get(3).payload())).isEqualTo("00 01 00 00 35 06 91 20 0A");
    }

    @Test
    void shouldAddressTheOutputKeysOfTheConfiguredPort() {
        // Given USB (I2C key + 3) at 5 Hz
        ScriptedUbxReceiver rx = f9p();
        run(new UbxConfigurator(new Settings(5, 8, 0, 1, Port.USB, 200 * MS, 2)), rx);
        // Then RATE-MEAS is 200 ms, USBOUTPROT-NMEA is off, and NAV-PVT goes to 0x20910009
        assertThat(hex(rx.written.get(1).payload())).contains("01 00 21 30 C8 00").endsWith("02 00 78 10 00")
                .contains("00 41 10 01");
        assertThat(hex(rx.written.get(2).payload())).startsWith("00 01 00 00 09 00 91 20 01");
    }

    @Test
    void shouldUseCfgRateNav5AndMsgBeforeProtocol27() {
        // Given a NEO-M8N (PROTVER=18.00) that ACKs everything
        ScriptedUbxReceiver rx = m8n();
        UbxConfigurator cfg = new UbxConfigurator(Settings.defaults());
        // When configured
        Action a = run(cfg, rx);
        // Then DONE with CFG-RATE, CFG-NAV5 and CFG-MSG for NAV-PVT, NAV-DOP, NAV-SAT, MON-HW
        assertThat(a.status()).isEqualTo(Status.DONE);
        assertThat(cfg.method()).isEqualTo(Method.LEGACY_CFG);
        assertThat(rx.writtenNames()).containsExactly("0A 04", "06 08", "06 24", "CFG-MSG 01 07", "CFG-MSG 01 04",
                "CFG-MSG 01 35", "CFG-MSG 0A 09");
        // And CFG-RATE: measRate 100 ms, navRate 1, timeRef 0
        assertThat(hex(rx.written.get(1).payload())).isEqualTo("64 00 01 00 00 00");
        // And CFG-NAV5: mask 0x0005, dynModel 8, fixMode 3, the rest zero (36 bytes)
        byte[] nav5 = rx.written.get(2).payload();
        assertThat(nav5).hasSize(36);
        assertThat(hex(java.util.Arrays.copyOf(nav5, 4))).isEqualTo("05 00 08 03");
        // And CFG-MSG NAV-PVT every epoch, NAV-SAT and MON-HW every 10th
        assertThat(hex(rx.written.get(3).payload())).isEqualTo("01 07 01");
        assertThat(hex(rx.written.get(5).payload())).isEqualTo("01 35 0A");
        assertThat(hex(rx.written.get(6).payload())).isEqualTo("0A 09 0A");
    }

    @Test
    void shouldFallBackToTheOlderNavMessagesWhenNavPvtIsRefused() {
        // Given a u-blox 6 (PROTVER 13.00 with a space, as older firmware writes it) that NAKs NAV-PVT and NAV-SAT
        ScriptedUbxReceiver rx = new ScriptedUbxReceiver("7.03 (45969)", "00040007", "PROTVER 13.00")
                .on("CFG-MSG 01 07", Answer.NAK).on("CFG-MSG 01 35", Answer.NAK);
        UbxConfigurator cfg = new UbxConfigurator(Settings.defaults());
        // When configured
        Action a = run(cfg, rx);
        // Then NAV-SOL, NAV-POSLLH, NAV-VELNED and NAV-TIMEUTC replace NAV-PVT, and NAV-SAT is skipped
        assertThat(a.status()).isEqualTo(Status.DONE);
        assertThat(cfg.protocolVersion()).isEqualTo("13.00");
        assertThat(rx.writtenNames()).containsExactly("0A 04", "06 08", "06 24", "CFG-MSG 01 07", "CFG-MSG 01 06",
                "CFG-MSG 01 02", "CFG-MSG 01 12", "CFG-MSG 01 21", "CFG-MSG 01 04", "CFG-MSG 01 35", "CFG-MSG 0A 09");
        assertThat(cfg.skippedSteps()).containsExactly("CFG-MSG NAV-PVT (ACK-NAK, using 4 replacements)",
                "CFG-MSG NAV-SAT (ACK-NAK)");
    }

    @Test
    void shouldFailWhenARequiredStepIsRefused() {
        // Given an M8N that NAKs CFG-NAV5
        ScriptedUbxReceiver rx = m8n().on("06 24", Answer.NAK);
        // When configured
        Action a = run(new UbxConfigurator(Settings.defaults()), rx);
        // Then FAILED with the reason, and nothing more was written
        assertThat(a.status()).isEqualTo(Status.FAILED);
        assertThat(a.reason()).isEqualTo("CFG-NAV5 refused by the receiver (ACK-NAK)");
        assertThat(rx.writtenNames()).containsExactly("0A 04", "06 08", "06 24");
    }

    @Test
    void shouldRetryASilentStepAndFailAfterTheLastAttempt() {
        // Given an M8N that never answers CFG-RATE; 1 s timeout, 3 attempts
        ScriptedUbxReceiver rx = m8n().on("06 08", Answer.SILENT);
        // When configured
        Action a = run(new UbxConfigurator(Settings.defaults()), rx);
        // Then CFG-RATE was written 3 times, a second apart, and the configurator failed after the third second
        assertThat(a.status()).isEqualTo(Status.FAILED);
        assertThat(a.reason()).isEqualTo("CFG-RATE: no ACK after 3 attempts of 1000 ms");
        assertThat(rx.writtenNames()).containsExactly("0A 04", "06 08", "06 08", "06 08");
        assertThat(finishedAtNs).isBetween(3000 * MS, 3000 * MS + 2 * TICK);
    }

    @Test
    void shouldSucceedWhenARetryIsAnswered() {
        // Given an F9P that ignores the first CFG-VALSET once (e.g. busy with NMEA at 9600 baud)
        ScriptedUbxReceiver rx = f9p().on("06 8A", Answer.SILENT, Answer.ACK);
        // When configured
        Action a = run(new UbxConfigurator(Settings.defaults()), rx);
        // Then DONE, the first VALSET sent twice
        assertThat(a.status()).isEqualTo(Status.DONE);
        assertThat(rx.writtenNames()).containsExactly("0A 04", "06 8A", "06 8A", "06 8A", "06 8A");
    }

    @Test
    void shouldSkipTheOptionalSecSigStepOnOlderFirmware() {
        // Given an F9P whose firmware NAKs the third VALSET (SEC-SIG unknown)
        ScriptedUbxReceiver rx = f9p().on("06 8A", Answer.ACK, Answer.ACK, Answer.NAK);
        UbxConfigurator cfg = new UbxConfigurator(Settings.defaults());
        // When configured
        Action a = run(cfg, rx);
        // Then DONE, with the skip reported
        assertThat(a.status()).isEqualTo(Status.DONE);
        assertThat(cfg.skippedSteps()).containsExactly("CFG-VALSET SEC-SIG output (ACK-NAK)");
    }

    @Test
    void shouldFailWhenMonVerIsNeverAnswered() {
        // Given a receiver that does not answer the poll (wrong baud rate, NMEA-only input)
        ScriptedUbxReceiver rx = f9p().silentToMonVer();
        // When configured
        Action a = run(new UbxConfigurator(Settings.defaults()), rx);
        // Then FAILED after 3 polls
        assertThat(a.status()).isEqualTo(Status.FAILED);
        assertThat(a.reason()).isEqualTo("MON-VER poll: no reply after 3 attempts of 1000 ms");
        assertThat(rx.writtenNames()).containsExactly("0A 04", "0A 04", "0A 04");
    }

    @Test
    void shouldChooseTheMethodFromTheHardwareVersionWhenThereIsNoProtver() {
        // Given MON-VER replies without PROTVER: an F9 (00190000), an M10 (000A0000), a u-blox 7 (00070000)
        UbxConfigurator f9 = new UbxConfigurator(Settings.defaults());
        run(f9, new ScriptedUbxReceiver("EXT CORE 1.00", "00190000"));
        UbxConfigurator m10 = new UbxConfigurator(Settings.defaults());
        run(m10, new ScriptedUbxReceiver("ROM SPG 5.10", "000A0000", "MOD=MAX-M10S"));
        UbxConfigurator u7 = new UbxConfigurator(Settings.defaults());
        run(u7, new ScriptedUbxReceiver("1.00 (59842)", "00070000"));
        // Then VALSET, VALSET, legacy
        assertThat(List.of(f9.method(), m10.method(), u7.method()))
                .containsExactly(Method.VALSET, Method.VALSET, Method.LEGACY_CFG);
        assertThat(f9.protocolVersion()).isNull();
    }

    @Test
    void shouldIgnoreAnAckForAnotherMessage() {
        // Given a configurator waiting for CFG-RATE's ACK
        UbxConfigurator cfg = new UbxConfigurator(Settings.defaults());
        ScriptedUbxReceiver rx = m8n();
        byte[] back = rx.hostWrites(cfg.step(0).bytes());
        UbxParser host = new UbxParser(new UbxParser.Listener() {
            @Override
            public void onFrame(int c, int i, byte[] p, int o, int l) {
                cfg.onFrame(c, i, p, o, l);
            }
        });
        host.feed(back, 0, back.length);
        assertThat(cfg.step(TICK).status()).isEqualTo(Status.WRITE); // CFG-RATE
        // When an ACK-ACK for CFG-PRT (06 00) arrives
        byte[] other = UbxProtocol.frame(0x05, 0x01, new byte[] {0x06, 0x00});
        host.feed(other, 0, other.length);
        // Then it still waits
        assertThat(cfg.step(2 * TICK).status()).isEqualTo(Status.WAIT);
    }

    @Test
    void shouldRejectImpossibleSettings() {
        assertThatThrownBy(() -> new Settings(0, 8, 1, 1, Port.UART1, MS, 1)).hasMessageContaining("rateHz");
        assertThatThrownBy(() -> new Settings(10, 11, 1, 1, Port.UART1, MS, 1)).hasMessageContaining("dynamicModel");
        assertThatThrownBy(() -> new Settings(10, 8, 1, 1, Port.UART1, MS, 0)).hasMessageContaining("attempts");
    }
}
