package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.common.CommonDialect;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.hoverla.testsupport.fuzz.ByteMutator;

/**
 * Valid MAVLink frames (good CRC) for the fuzz tests, built byte by byte from the message table
 * (mavlink.io "Packet Serialization": v1 header FE len seq sys comp id, v2 header FD len incompat
 * compat seq sys comp id×3, CRC-16/MCRF4XX over everything after the magic byte plus CRC_EXTRA,
 * 13 signature bytes when incompat flag 0x01 is set).
 */
public final class FuzzFrames {
    /** Every message of the common dialect, by id. */
    public static final List<MavlinkMessageTable.Entry> ENTRIES = entries();
    /** Magic bytes for the mutators: the start bytes and the signed flag. */
    public static final int[] MAGIC = {0xFD, 0xFE, 0x01, 0x00, 0xFF};

    private FuzzFrames() {
    }

    private static List<MavlinkMessageTable.Entry> entries() {
        List<MavlinkMessageTable.Entry> l = new ArrayList<>();
        for (Class<?> c : new CommonDialect().messageTypes()) {
            l.add(MavlinkMessageTable.describe(c));
        }
        l.sort(Comparator.comparingInt(MavlinkMessageTable.Entry::id));
        return List.copyOf(l);
    }

    /** A frame of {@code e} with {@code payload}: v1 when {@code v1} and the id fits, else v2 (signed or not). */
    public static byte[] frame(MavlinkMessageTable.Entry e, byte[] payload, int sys, int comp, int seq, boolean v1,
                        boolean signed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (v1 && e.id() < 256) {
            out.write(MavlinkFrame.MAGIC_V1);
            out.write(payload.length);
            out.write(seq);
            out.write(sys);
            out.write(comp);
            out.write(e.id());
        } else {
            out.write(MavlinkFrame.MAGIC_V2);
            out.write(payload.length);
            out.write(signed ? MavlinkFrame.IFLAG_SIGNED : 0);
            out.write(0);
            out.write(seq);
            out.write(sys);
            out.write(comp);
            out.write(e.id() & 0xFF);
            out.write((e.id() >> 8) & 0xFF);
            out.write((e.id() >> 16) & 0xFF);
        }
        out.writeBytes(payload);
        byte[] b = out.toByteArray();
        int crc = MavlinkCrc.frameCrc(b, 1, b.length - 1, e.crcExtra());
        out.write(crc & 0xFF);
        out.write(crc >>> 8);
        if (signed && !(v1 && e.id() < 256)) {
            for (int i = 0; i < MavlinkFrame.SIGNATURE_LENGTH; i++) {
                out.write(i * 37 + 11);
            }
        }
        return out.toByteArray();
    }

    /**
     * A random valid frame: a random message, a payload of random length within the message's
     * (v1: its base length), random header fields; v1, v2 or signed v2.
     */
    public static byte[] randomFrame(SplittableRandom rng) {
        MavlinkMessageTable.Entry e = ENTRIES.get(rng.nextInt(ENTRIES.size()));
        int kind = rng.nextInt(3);
        boolean v1 = kind == 0 && e.id() < 256;
        int len = v1 ? e.baseLength() : 1 + rng.nextInt(e.maxLength());
        return frame(e, ByteMutator.random(rng, len), rng.nextInt(256), rng.nextInt(256), rng.nextInt(256), v1,
                kind == 2);
    }

    public static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
