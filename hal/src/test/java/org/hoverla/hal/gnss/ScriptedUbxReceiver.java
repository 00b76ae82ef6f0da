package org.hoverla.hal.gnss;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test double of a u-blox receiver's command side: it parses what the host writes and answers
 * MON-VER polls with its version strings and CFG messages with ACK-ACK, ACK-NAK or silence, as
 * scripted per message (CFG-MSG per target message).
 */
final class ScriptedUbxReceiver {
    enum Answer { ACK, NAK, SILENT }

    /** One message the host wrote. */
    record Written(int cls, int id, byte[] payload) {
        String name() {
            if (cls == 0x06 && id == 0x01) {
                return String.format("CFG-MSG %02X %02X", payload[0] & 0xFF, payload[1] & 0xFF);
            }
            return String.format("%02X %02X", cls, id);
        }
    }

    final List<Written> written = new ArrayList<>();
    private final Map<String, List<Answer>> script = new HashMap<>();
    private final byte[] monVer;
    private boolean answerMonVer = true;
    private final ByteArrayOutputStream toHost = new ByteArrayOutputStream();
    private final UbxParser parser = new UbxParser(new UbxParser.Listener() {
        @Override
        public void onFrame(int cls, int id, byte[] payload, int off, int len) {
            byte[] p = java.util.Arrays.copyOfRange(payload, off, off + len);
            Written w = new Written(cls, id, p);
            written.add(w);
            answer(w);
        }
    });

    ScriptedUbxReceiver(String sw, String hw, String... extensions) {
        byte[] p = new byte[40 + 30 * extensions.length];
        put(p, 0, sw);
        put(p, 30, hw);
        for (int i = 0; i < extensions.length; i++) {
            put(p, 40 + 30 * i, extensions[i]);
        }
        monVer = UbxProtocol.frame(0x0A, 0x04, p);
    }

    private static void put(byte[] p, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, p, off, b.length);
    }

    /** Answers for successive writes of message {@code name} ("06 24", "CFG-MSG 01 07"); the last repeats. */
    ScriptedUbxReceiver on(String name, Answer... answers) {
        script.put(name, List.of(answers));
        return this;
    }

    ScriptedUbxReceiver silentToMonVer() {
        answerMonVer = false;
        return this;
    }

    private void answer(Written w) {
        if (w.cls == 0x0A && w.id == 0x04) {
            if (answerMonVer) {
                // Periodic output interleaves with the reply, as on a real port.
                toHost.writeBytes(UbxTestFrames.pvtFrame(1));
                toHost.writeBytes(monVer);
            }
            return;
        }
        List<Answer> answers = script.getOrDefault(w.name(), List.of(Answer.ACK));
        long sent = written.stream().filter(x -> x.name().equals(w.name())).count();
        Answer a = answers.get((int) Math.min(sent - 1, answers.size() - 1));
        if (a == Answer.SILENT) {
            return;
        }
        toHost.writeBytes(UbxProtocol.frame(0x05, a == Answer.ACK ? 0x01 : 0x00, new byte[] {(byte) w.cls, (byte) w.id}));
    }

    /** The host writes {@code bytes}; returns what the receiver sends back. */
    byte[] hostWrites(byte[] bytes) {
        toHost.reset();
        parser.feed(bytes, 0, bytes.length);
        return toHost.toByteArray();
    }

    List<String> writtenNames() {
        return written.stream().map(Written::name).toList();
    }
}
