package org.hoverla.core.mavlink;

import io.dronefleet.mavlink.common.MavSeverity;
import io.dronefleet.mavlink.common.Statustext;
import io.dronefleet.mavlink.util.EnumValue;
import org.hoverla.core.mavlink.link.EnumValues;

/**
 * Every STATUSTEXT of one vehicle interface goes through one of these, so all services share one
 * chunking rule and one sequence of chunk ids (mavlink.io STATUSTEXT, MAVLink 2 {@code id} and
 * {@code chunk_seq}):
 * <ul>
 *   <li>a text of up to {@link #CHUNK} (50) characters is one message with {@code id} 0 ("the
 *       only chunk", emitted at once by the receiver);</li>
 *   <li>a longer text is cut into 50-character chunks with {@code chunk_seq} 0, 1, … and one
 *       {@code id} of its own, 1..65535 (never 0), increasing by one per chunked text across every
 *       service of the vehicle and wrapping after 65535; when the text fills its last chunk
 *       exactly, an empty chunk follows so the receiver sees the terminating NUL;</li>
 *   <li>at most {@link #MAX_CHUNKS} chunks, terminator included: a text is cut to
 *       {@link #MAX_TEXT} (999) characters, so its twentieth chunk holds 49 and still ends in
 *       NUL (1000 characters would fill the twentieth chunk and need a twenty-first, empty one);
 *       </li>
 *   <li>severity is clamped to {@code MAV_SEVERITY} 0 (emergency) .. 7 (debug); characters
 *       outside printable ASCII (below 32, including NUL and control characters such as tab
 *       and newline, or above 126) become '?'; a null text is sent empty.</li>
 * </ul>
 * MAVLink thread only (not thread-safe).
 */
public final class StatusTextSender {
    /** Characters per STATUSTEXT message. */
    public static final int CHUNK = 50;
    /** Most chunks of one text. */
    public static final int MAX_CHUNKS = 20;
    /**
     * Longest text sent: one less than {@code MAX_CHUNKS * CHUNK}, so the terminating NUL still
     * fits in the last chunk instead of needing a chunk beyond {@link #MAX_CHUNKS}.
     */
    public static final int MAX_TEXT = CHUNK * MAX_CHUNKS - 1;

    private static final int MAX_ID = 0xFFFF;

    private final MavlinkOutput out;
    private int lastId;
    private long messagesSent;

    public StatusTextSender(MavlinkOutput out) {
        this.out = out;
    }

    /**
     * Sends a text.
     *
     * @param target the link, or {@code null} for every link
     * @param severity {@code MAV_SEVERITY} 0..7
     * @return the number of STATUSTEXT messages sent
     */
    public int send(MavlinkLink target, int severity, String text) {
        EnumValue<MavSeverity> sev = EnumValues.of(MavSeverity.class, Math.max(0, Math.min(7, severity)));
        String t = ascii(text == null ? "" : text);
        if (t.length() <= CHUNK) {
            out.send(target, Statustext.builder().severity(sev).text(t).id(0).chunkSeq(0).build());
            messagesSent++;
            return 1;
        }
        if (t.length() > MAX_TEXT) {
            t = t.substring(0, MAX_TEXT);
        }
        lastId = lastId % MAX_ID + 1;
        int chunks = (t.length() + CHUNK - 1) / CHUNK;
        for (int c = 0; c < chunks; c++) {
            String part = t.substring(c * CHUNK, Math.min(t.length(), (c + 1) * CHUNK));
            out.send(target, Statustext.builder().severity(sev).text(part).id(lastId).chunkSeq(c).build());
        }
        int sent = chunks;
        if (t.length() % CHUNK == 0) { // at most 950 characters here: the empty chunk is the 20th at most
            out.send(target, Statustext.builder().severity(sev).text("").id(lastId).chunkSeq(chunks).build());
            sent++;
        }
        messagesSent += sent;
        return sent;
    }

    /** Sends a text with a library severity. */
    public int send(MavlinkLink target, MavSeverity severity, String text) {
        return send(target, EnumValues.value(severity), text);
    }

    /** STATUSTEXT messages sent so far (chunks counted one by one). */
    public long messagesSent() {
        return messagesSent;
    }

    private static String ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!printable(c)) {
                StringBuilder b = new StringBuilder(s.length());
                for (int j = 0; j < s.length(); j++) {
                    char d = s.charAt(j);
                    b.append(printable(d) ? d : '?');
                }
                return b.toString();
            }
        }
        return s;
    }

    /** Printable ASCII: space (32) .. '~' (126). */
    private static boolean printable(char c) {
        return c >= 32 && c <= 126;
    }
}
