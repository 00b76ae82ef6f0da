package org.hoverla.testsupport.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Byte-level mutations of a corpus entry, in the spirit of AFL's havoc stage: bit flip, a byte set
 * to an interesting value (0x00, 0xFF, 0x7F, 0x80 or one of the format's magic bytes), insert,
 * delete, duplicate a range, splice with another corpus entry, truncate, repeat a chunk, and
 * overwrite a 1/2/4-byte little-endian field (a length or count) with an extreme value.
 *
 * <p>Deterministic: the same random source state gives the same output. Test thread only; each
 * call allocates its result. Outputs are capped at {@code maxLength} bytes.
 */
public final class ByteMutator {
    private static final int[] INTERESTING = {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE};
    private static final long[] EXTREMES = {0, 1, -1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
        Integer.MAX_VALUE, Integer.MIN_VALUE};

    private final int[] magic;
    private final int maxLength;

    /**
     * @param magic     the format's special bytes (sync, header, address, end bytes), 0..255
     * @param maxLength longest output, bytes
     */
    public ByteMutator(int[] magic, int maxLength) {
        this.magic = magic.clone();
        this.maxLength = maxLength;
    }

    /** Applies 1..{@code maxStacked} random mutations to a copy of {@code input}. */
    public byte[] mutate(SplittableRandom rng, byte[] input, List<byte[]> corpus, int maxStacked) {
        byte[] b = input.clone();
        int n = 1 + rng.nextInt(Math.max(1, maxStacked));
        for (int i = 0; i < n; i++) {
            b = mutateOnce(rng, b, corpus);
        }
        return b.length > maxLength ? Arrays.copyOf(b, maxLength) : b;
    }

    /** One mutation, chosen uniformly among the kinds this class knows. */
    public byte[] mutateOnce(SplittableRandom rng, byte[] b, List<byte[]> corpus) {
        int kind = rng.nextInt(11);
        if (b.length == 0 && kind != 2 && kind != 5) {
            kind = 2;
        }
        switch (kind) {
            case 0: { // bit flip
                int i = rng.nextInt(b.length);
                b[i] ^= (byte) (1 << rng.nextInt(8));
                return b;
            }
            case 1: { // interesting value
                b[rng.nextInt(b.length)] = (byte) INTERESTING[rng.nextInt(INTERESTING.length)];
                return b;
            }
            case 2: { // insert random or magic bytes
                int at = rng.nextInt(b.length + 1);
                int len = 1 + rng.nextInt(8);
                byte[] ins = new byte[len];
                for (int i = 0; i < len; i++) {
                    ins[i] = magic.length > 0 && rng.nextBoolean()
                            ? (byte) magic[rng.nextInt(magic.length)] : (byte) rng.nextInt(256);
                }
                return insert(b, at, ins);
            }
            case 3: { // delete a range
                int at = rng.nextInt(b.length);
                int len = 1 + rng.nextInt(Math.min(16, b.length - at));
                return delete(b, at, len);
            }
            case 4: { // duplicate a range in place
                int at = rng.nextInt(b.length);
                int len = 1 + rng.nextInt(Math.min(32, b.length - at));
                return insert(b, at, Arrays.copyOfRange(b, at, at + len));
            }
            case 5: { // splice: head of this, tail of another corpus entry
                byte[] other = corpus.get(rng.nextInt(corpus.size()));
                int cut = rng.nextInt(b.length + 1);
                int from = rng.nextInt(other.length + 1);
                byte[] out = Arrays.copyOf(b, cut + other.length - from);
                System.arraycopy(other, from, out, cut, other.length - from);
                return out;
            }
            case 6: // truncate
                return Arrays.copyOf(b, rng.nextInt(b.length));
            case 7: { // repeat a chunk several times
                int at = rng.nextInt(b.length);
                int len = 1 + rng.nextInt(Math.min(16, b.length - at));
                byte[] chunk = Arrays.copyOfRange(b, at, at + len);
                int times = 2 + rng.nextInt(16);
                byte[] rep = new byte[len * times];
                for (int t = 0; t < times; t++) {
                    System.arraycopy(chunk, 0, rep, t * len, len);
                }
                return insert(b, at, rep);
            }
            case 8: { // a length or count field set to an extreme, 1, 2 or 4 bytes little-endian
                int width = 1 << rng.nextInt(3);
                if (b.length < width) {
                    return b;
                }
                int at = rng.nextInt(b.length - width + 1);
                long v = EXTREMES[rng.nextInt(EXTREMES.length)];
                for (int i = 0; i < width; i++) {
                    b[at + i] = (byte) (v >>> (8 * i));
                }
                return b;
            }
            case 9: { // magic byte placed anywhere
                if (magic.length == 0) {
                    return b;
                }
                b[rng.nextInt(b.length)] = (byte) magic[rng.nextInt(magic.length)];
                return b;
            }
            default: { // random byte
                b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
                return b;
            }
        }
    }

    /** {@code len} uniformly random bytes. */
    public static byte[] random(SplittableRandom rng, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) rng.nextInt(256);
        }
        return b;
    }

    private static byte[] insert(byte[] b, int at, byte[] ins) {
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        return out;
    }

    private static byte[] delete(byte[] b, int at, int len) {
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + len, out, at, b.length - at - len);
        return out;
    }
}
