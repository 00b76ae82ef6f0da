package org.hoverla.hal.gnss;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configures a u-blox receiver's navigation rate, dynamic model and output messages, with the
 * method its generation understands. Pure: it builds the bytes to write and reads the frames the
 * caller hands it; the caller owns the port and the clock.
 *
 * <p><b>Sequence.</b> First a MON-VER poll: the reply's extension strings carry the protocol
 * version ({@code "PROTVER=27.11"}; u-blox 7 writes {@code "PROTVER 14.00"}); without one, the
 * hardware version decides ({@code 00190000} F9, {@code 000A0000} M9/M10). Protocol 27 and later
 * (generation 9+) get CFG-VALSET (F9 HPG Interface Description UBX-18010854 §3.10.26 and the
 * configuration keys of §6.9, RAM layer only, as PX4 does); older receivers get CFG-RATE, CFG-NAV5
 * and CFG-MSG (M8 Protocol Specification UBX-13003221 §32.10.27, .19, .18). The order, the
 * NAV-PVT-refused fallback to NAV-SOL/POSLLH/VELNED/TIMEUTC and the choice of keys follow PX4's
 * {@code GPSDriverUBX::configure}, {@code configureDevice} and {@code configureDevicePreV27}
 * (PX4-GPSDrivers src/ubx.cpp).
 *
 * <p><b>Each step</b> writes one message and waits for ACK-ACK / ACK-NAK of that class and id (for
 * the poll: the MON-VER reply). Silence for {@link Settings#ackTimeoutNs} resends it, up to {@link
 * Settings#attempts} writes in all. ACK-NAK or silence after the last attempt fails a required
 * step ({@link Status#FAILED} with the reason) and skips an optional one (SEC-SIG, NAV-SAT, MON-HW
 * outputs, which some firmware lacks).
 *
 * <p><b>Use.</b> Call {@link #step(long)} from the driver thread at start-up, write the bytes of a
 * {@link Status#WRITE} action, and pass every UBX frame received to {@link #onFrame}; repeat until
 * DONE or FAILED. It allocates (start-up only) and is not thread-safe.
 */
public final class UbxConfigurator {

    /** What {@link #step} asks of the caller. */
    public enum Status {
        /** Write {@link Action#bytes()} now. */
        WRITE,
        /** Nothing to write; call again later. */
        WAIT,
        /** Configured. */
        DONE,
        /** Gave up; {@link Action#reason()} says why. */
        FAILED
    }

    /** One answer of {@link #step}. */
    public record Action(Status status, byte[] bytes, String reason) {
        private static final Action WAIT = new Action(Status.WAIT, null, null);

        static Action write(byte[] bytes) {
            return new Action(Status.WRITE, bytes, null);
        }
    }

    /** Which configuration method the receiver gets. */
    public enum Method {
        /** Not yet known (MON-VER pending). */
        UNKNOWN,
        /** CFG-RATE / CFG-NAV5 / CFG-MSG (protocol < 27). */
        LEGACY_CFG,
        /** CFG-VALSET (protocol 27+, M9/F9 and later). */
        VALSET
    }

    /** The receiver port the output-rate keys address (CFG-MSGOUT key = I2C key + offset, §6.9.x). */
    public enum Port {
        I2C(0, 0x10720002),
        UART1(1, 0x10740002),
        UART2(2, 0x10760002),
        USB(3, 0x10780002),
        SPI(4, 0x107A0002);

        final int msgOutOffset;
        /** CFG-&lt;port&gt;OUTPROT-NMEA. */
        final int nmeaOutKey;

        Port(int msgOutOffset, int nmeaOutKey) {
            this.msgOutOffset = msgOutOffset;
            this.nmeaOutKey = nmeaOutKey;
        }
    }

    /**
     * What to configure.
     *
     * @param rateHz        navigation rate, 1..25 Hz (measurement period rounded to whole ms)
     * @param dynamicModel  u-blox dynamic platform model, 0..10; {@link #AIRBORNE_4G} for a multirotor
     * @param navSatEvery   NAV-SAT once every this many epochs (0 = off)
     * @param jammingEvery  MON-RF / MON-HW and SEC-SIG once every this many epochs (0 = off)
     * @param port          the receiver port we are connected to (generation 9+ keys)
     * @param ackTimeoutNs  wait for each answer (ns)
     * @param attempts      writes of one message before giving up, at least 1
     */
    public record Settings(int rateHz, int dynamicModel, int navSatEvery, int jammingEvery, Port port,
            long ackTimeoutNs, int attempts) {
        /** u-blox dynModel 8, "airborne with &lt;4 g acceleration" (CFG-NAV5 dynModel / CFG-NAVSPG-DYNMODEL AIR4). */
        public static final int AIRBORNE_4G = 8;

        public Settings {
            if (rateHz < 1 || rateHz > 25) {
                throw new IllegalArgumentException("rateHz must be 1..25, got " + rateHz);
            }
            if (dynamicModel < 0 || dynamicModel > 10 || dynamicModel == 1) {
                throw new IllegalArgumentException("dynamicModel must be 0 or 2..10, got " + dynamicModel);
            }
            if (navSatEvery < 0 || navSatEvery > 255 || jammingEvery < 0 || jammingEvery > 255) {
                throw new IllegalArgumentException("message divisors must be 0..255");
            }
            if (ackTimeoutNs <= 0 || attempts < 1) {
                throw new IllegalArgumentException("ackTimeoutNs must be > 0 and attempts >= 1");
            }
            if (port == null) {
                throw new IllegalArgumentException("port is required");
            }
        }

        /** 10 Hz, airborne &lt;4 g, NAV-SAT and jamming reports every 10th epoch, UART1, 1 s timeout, 3 attempts. */
        public static Settings defaults() {
            return new Settings(10, AIRBORNE_4G, 10, 10, Port.UART1, 1_000_000_000L, 3);
        }

        int measRateMs() {
            return Math.round(1000f / rateHz);
        }
    }

    // CFG-VALSET keys, F9 HPG Interface Description §6.9 (cross-checked: PX4-GPSDrivers src/ubx.h
    // UBX_CFG_KEY_*; SEC-SIG from the F9 HPG 1.32 description, 0x20910634 on I2C).
    static final int KEY_RATE_MEAS = 0x30210001;
    static final int KEY_RATE_NAV = 0x30210002;
    static final int KEY_NAVSPG_DYNMODEL = 0x20110021;
    static final int KEY_NAVSPG_FIXMODE = 0x20110011;
    static final int KEY_ITFM_ENABLE = 0x1041000D;
    static final int KEY_MSGOUT_NAV_PVT_I2C = 0x20910006;
    static final int KEY_MSGOUT_NAV_DOP_I2C = 0x20910038;
    static final int KEY_MSGOUT_NAV_SAT_I2C = 0x20910015;
    static final int KEY_MSGOUT_MON_RF_I2C = 0x20910359;
    static final int KEY_MSGOUT_SEC_SIG_I2C = 0x20910634;
    private static final int LAYER_RAM = 0x01;

    private static final Pattern PROTVER = Pattern.compile("PROTVER[= ]\\s*(\\d+)\\.(\\d+)");

    private record Step(String name, byte[] bytes, int ackClass, int ackId, boolean optional,
            List<Step> onNak) {
    }

    private enum Reply { NONE, ACK, NAK }

    private final Settings settings;
    private final List<Step> steps = new ArrayList<>();
    private int index;
    private int attemptsMade;
    private long deadlineNs;
    private boolean waiting;
    private Reply reply = Reply.NONE;
    private Status finalStatus;
    private String finalReason;
    private Method method = Method.UNKNOWN;
    private String protocolVersion;
    private String hardwareVersion;
    private String softwareVersion;
    private final List<String> skipped = new ArrayList<>();

    public UbxConfigurator(Settings settings) {
        this.settings = settings;
        steps.add(new Step("MON-VER poll", UbxProtocol.frame(UbxProtocol.CLASS_MON, UbxProtocol.MON_VER, new byte[0]),
                UbxProtocol.CLASS_MON, UbxProtocol.MON_VER, false, List.of()));
    }

    /** The next thing to do at {@code nowNs} (any monotonic clock). */
    public Action step(long nowNs) {
        if (finalStatus != null) {
            return new Action(finalStatus, null, finalReason);
        }
        if (waiting) {
            Step s = steps.get(index);
            if (reply == Reply.ACK) {
                advance();
            } else if (reply == Reply.NAK) {
                if (!s.onNak.isEmpty()) {
                    steps.addAll(index + 1, s.onNak);
                    skipped.add(s.name + " (ACK-NAK, using " + s.onNak.size() + " replacements)");
                    advance();
                } else if (s.optional) {
                    skipped.add(s.name + " (ACK-NAK)");
                    advance();
                } else {
                    return fail(s.name + " refused by the receiver (ACK-NAK)");
                }
            } else if (nowNs - deadlineNs >= 0) {
                if (attemptsMade < settings.attempts()) {
                    return send(nowNs);
                }
                String why = s.name + (s.ackClass == UbxProtocol.CLASS_MON ? ": no reply" : ": no ACK")
                        + " after " + attemptsMade + " attempts of " + settings.ackTimeoutNs() / 1_000_000 + " ms";
                if (!s.optional) {
                    return fail(why);
                }
                skipped.add(s.name + " (no ACK)");
                advance();
            } else {
                return Action.WAIT;
            }
            if (finalStatus != null) {
                return new Action(finalStatus, null, finalReason);
            }
        }
        attemptsMade = 0;
        return send(nowNs);
    }

    private Action send(long nowNs) {
        Step s = steps.get(index);
        attemptsMade++;
        waiting = true;
        reply = Reply.NONE;
        deadlineNs = nowNs + settings.ackTimeoutNs();
        return Action.write(s.bytes);
    }

    private void advance() {
        waiting = false;
        reply = Reply.NONE;
        index++;
        if (index >= steps.size()) {
            finalStatus = Status.DONE;
        }
    }

    private Action fail(String reason) {
        finalStatus = Status.FAILED;
        finalReason = reason;
        return new Action(finalStatus, null, finalReason);
    }

    /**
     * A frame received from the receiver (wire this to {@link UbxParser.Listener#onFrame}). Only an
     * answer to the step being waited for counts; anything else is ignored.
     */
    public void onFrame(int msgClass, int msgId, byte[] payload, int offset, int length) {
        if (!waiting || finalStatus != null) {
            return;
        }
        Step s = steps.get(index);
        if (msgClass == UbxProtocol.CLASS_ACK && length >= 2 && (msgId == UbxProtocol.ACK_ACK || msgId == UbxProtocol.ACK_NAK)
                && (payload[offset] & 0xFF) == s.ackClass && (payload[offset + 1] & 0xFF) == s.ackId) {
            reply = msgId == UbxProtocol.ACK_ACK ? Reply.ACK : Reply.NAK;
        } else if (msgClass == UbxProtocol.CLASS_MON && msgId == UbxProtocol.MON_VER && s.ackClass == UbxProtocol.CLASS_MON
                && index == 0 && length >= 40) {
            readVersion(payload, offset, length);
            buildSteps();
            reply = Reply.ACK;
        }
    }

    private static String cString(byte[] b, int off, int max) {
        int end = off;
        while (end < off + max && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII).trim();
    }

    // M8 §32.16.15 MON-VER: swVersion CH[30] at 0, hwVersion CH[10] at 30, extension CH[30] repeated from 40.
    private void readVersion(byte[] p, int off, int length) {
        softwareVersion = cString(p, off, 30);
        hardwareVersion = cString(p, off + 30, 10);
        int protMajor = -1;
        for (int e = off + 40; e + 30 <= off + length; e += 30) {
            Matcher m = PROTVER.matcher(cString(p, e, 30));
            if (m.find()) {
                protocolVersion = m.group(1) + "." + m.group(2);
                protMajor = Integer.parseInt(m.group(1));
            }
        }
        if (protMajor >= 0) {
            method = protMajor >= 27 ? Method.VALSET : Method.LEGACY_CFG;
        } else {
            String hw = hardwareVersion.toUpperCase();
            method = hw.startsWith("0019") || hw.startsWith("000A") ? Method.VALSET : Method.LEGACY_CFG;
        }
    }

    private void buildSteps() {
        if (method == Method.VALSET) {
            buildValsetSteps();
        } else {
            buildLegacySteps();
        }
    }

    private void buildValsetSteps() {
        Port port = settings.port();
        ValsetBuilder nav = new ValsetBuilder()
                .u2(KEY_RATE_MEAS, settings.measRateMs())
                .u2(KEY_RATE_NAV, 1)
                .u1(KEY_NAVSPG_DYNMODEL, settings.dynamicModel())
                .u1(KEY_NAVSPG_FIXMODE, 3)
                .u1(KEY_ITFM_ENABLE, settings.jammingEvery() > 0 ? 1 : 0)
                .u1(port.nmeaOutKey, 0);
        steps.add(valsetStep("CFG-VALSET rate, dynamic model, NMEA off", nav, false));
        ValsetBuilder msgs = new ValsetBuilder()
                .u1(KEY_MSGOUT_NAV_PVT_I2C + port.msgOutOffset, 1)
                .u1(KEY_MSGOUT_NAV_DOP_I2C + port.msgOutOffset, 1)
                .u1(KEY_MSGOUT_NAV_SAT_I2C + port.msgOutOffset, settings.navSatEvery())
                .u1(KEY_MSGOUT_MON_RF_I2C + port.msgOutOffset, settings.jammingEvery());
        steps.add(valsetStep("CFG-VALSET NAV-PVT, NAV-DOP, NAV-SAT, MON-RF outputs", msgs, false));
        // Separate and optional: firmware before F9 HPG 1.30 / M9 SPG 4.04 does not know the key
        // and would NAK a whole VALSET that contained it.
        steps.add(valsetStep("CFG-VALSET SEC-SIG output",
                new ValsetBuilder().u1(KEY_MSGOUT_SEC_SIG_I2C + port.msgOutOffset, settings.jammingEvery()), true));
    }

    private Step valsetStep(String name, ValsetBuilder b, boolean optional) {
        return new Step(name, UbxProtocol.frame(UbxProtocol.CLASS_CFG, UbxProtocol.CFG_VALSET, b.payload()),
                UbxProtocol.CLASS_CFG, UbxProtocol.CFG_VALSET, optional, List.of());
    }

    private void buildLegacySteps() {
        // CFG-RATE (§32.10.27): measRate ms, navRate 1, timeRef 0 (UTC) as PX4.
        byte[] rate = new byte[6];
        UbxProtocol.putLe(rate, 0, settings.measRateMs(), 2);
        UbxProtocol.putLe(rate, 2, 1, 2);
        steps.add(cfgStep("CFG-RATE", UbxProtocol.CFG_RATE, rate, false, List.of()));
        // CFG-NAV5 (§32.10.19): mask 0x0005 applies dynModel (byte 2) and fixMode (byte 3, 3 = auto 2-D/3-D).
        byte[] nav5 = new byte[36];
        UbxProtocol.putLe(nav5, 0, 0x0005, 2);
        nav5[2] = (byte) settings.dynamicModel();
        nav5[3] = 3;
        steps.add(cfgStep("CFG-NAV5", UbxProtocol.CFG_NAV5, nav5, false, List.of()));
        // NAV-PVT exists from u-blox 7 on; a u-blox 6 NAKs it and gets the older trio instead.
        List<Step> older = List.of(
                msgStep("NAV-SOL", UbxProtocol.NAV_SOL, 1, false),
                msgStep("NAV-POSLLH", UbxProtocol.NAV_POSLLH, 1, false),
                msgStep("NAV-VELNED", UbxProtocol.NAV_VELNED, 1, false),
                msgStep("NAV-TIMEUTC", UbxProtocol.NAV_TIMEUTC, 5, false));
        steps.add(new Step("CFG-MSG NAV-PVT", cfgMsg(UbxProtocol.CLASS_NAV, UbxProtocol.NAV_PVT, 1),
                UbxProtocol.CLASS_CFG, UbxProtocol.CFG_MSG, false, older));
        steps.add(msgStep("NAV-DOP", UbxProtocol.NAV_DOP, 1, false));
        steps.add(msgStep("NAV-SAT", UbxProtocol.NAV_SAT, settings.navSatEvery(), true));
        steps.add(new Step("CFG-MSG MON-HW", cfgMsg(UbxProtocol.CLASS_MON, UbxProtocol.MON_HW, settings.jammingEvery()),
                UbxProtocol.CLASS_CFG, UbxProtocol.CFG_MSG, true, List.of()));
    }

    private static Step cfgStep(String name, int id, byte[] payload, boolean optional, List<Step> onNak) {
        return new Step(name, UbxProtocol.frame(UbxProtocol.CLASS_CFG, id, payload), UbxProtocol.CLASS_CFG, id,
                optional, onNak);
    }

    private static Step msgStep(String name, int navId, int rate, boolean optional) {
        return new Step("CFG-MSG " + name, cfgMsg(UbxProtocol.CLASS_NAV, navId, rate), UbxProtocol.CLASS_CFG,
                UbxProtocol.CFG_MSG, optional, List.of());
    }

    /** CFG-MSG short form (§32.10.18.3): class, id, rate on the port this arrives on. */
    private static byte[] cfgMsg(int cls, int id, int rate) {
        return UbxProtocol.frame(UbxProtocol.CLASS_CFG, UbxProtocol.CFG_MSG, new byte[] {(byte) cls, (byte) id, (byte) rate});
    }

    /** CFG-VALSET payload (F9 §3.10.26): version 0, layers, 2 reserved, then key (U4) + value pairs. */
    static final class ValsetBuilder {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        ValsetBuilder() {
            out.write(0);
            out.write(LAYER_RAM);
            out.write(0);
            out.write(0);
        }

        ValsetBuilder u1(int key, int value) {
            return put(key, value, 1);
        }

        ValsetBuilder u2(int key, int value) {
            return put(key, value, 2);
        }

        private ValsetBuilder put(int key, int value, int size) {
            // The key's size field (bits 30..28: 1 bit, 2 byte, 3 two, 4 four) must match the value.
            int sizeCode = (key >>> 28) & 0x7;
            int expected = sizeCode == 1 || sizeCode == 2 ? 1 : sizeCode == 3 ? 2 : sizeCode == 4 ? 4 : 8;
            if (expected != size) {
                throw new IllegalArgumentException(String.format("key 0x%08X holds %d bytes, not %d", key, expected, size));
            }
            byte[] kv = new byte[4 + size];
            UbxProtocol.putLe(kv, 0, key, 4);
            UbxProtocol.putLe(kv, 4, value, size);
            out.writeBytes(kv);
            return this;
        }

        byte[] payload() {
            return out.toByteArray();
        }
    }

    public Method method() {
        return method;
    }

    /** "27.11" from MON-VER, or null when it had none (or has not arrived). */
    public String protocolVersion() {
        return protocolVersion;
    }

    public String hardwareVersion() {
        return hardwareVersion;
    }

    public String softwareVersion() {
        return softwareVersion;
    }

    /** Optional steps the receiver refused or ignored, and replaced steps, with why. */
    public List<String> skippedSteps() {
        return List.copyOf(skipped);
    }

    /** Names of the steps planned so far, in order (the rest are known once MON-VER has answered). */
    public List<String> plannedSteps() {
        return steps.stream().map(Step::name).toList();
    }
}
