package org.hoverla.hal.rc;

/**
 * Writes CRSF telemetry frames, flight controller → receiver → transmitter, into a caller's
 * buffer: BATTERY_SENSOR (0x08), ATTITUDE (0x1E) and FLIGHT_MODE (0x21). Payload layouts follow the
 * TBS CRSF specification as Betaflight's {@code telemetry/crsf.c} writes them: battery voltage and
 * current as big-endian uint16 in 0.1 V and 0.1 A, used capacity as big-endian uint24 mAh,
 * remaining as uint8 %; attitude as big-endian int16 pitch, roll, yaw in 1/10 000 rad; flight mode
 * as a NUL-terminated ASCII string. Frames start with the flight-controller address 0xC8 and end
 * with {@link CrsfCrc8} over type and payload.
 *
 * <p>Stateless and allocation-free; out-of-range or non-finite inputs are clamped (NaN → 0) so a
 * frame is always well formed. Each method returns the number of bytes written.
 */
public final class CrsfTelemetryEncoder {
    public static final int TYPE_BATTERY_SENSOR = 0x08;
    public static final int TYPE_ATTITUDE = 0x1E;
    public static final int TYPE_FLIGHT_MODE = 0x21;
    public static final int BATTERY_FRAME_BYTES = 12;
    public static final int ATTITUDE_FRAME_BYTES = 10;
    /** Longest flight-mode text: a 64-byte frame less header, type, NUL and CRC. */
    public static final int MAX_FLIGHT_MODE_CHARS = CrsfParser.MAX_FRAME_BYTES - 5;

    private CrsfTelemetryEncoder() {
    }

    /** BATTERY_SENSOR: 12 bytes. */
    public static int battery(byte[] dst, int off, float voltageV, float currentA, long capacityUsedMah, int remainingPct) {
        int p = header(dst, off, 8, TYPE_BATTERY_SENSOR);
        p = putU16(dst, p, scaled(voltageV, 10f, 0xFFFF));
        p = putU16(dst, p, scaled(currentA, 10f, 0xFFFF));
        long mah = Math.max(0L, Math.min(capacityUsedMah, 0xFFFFFFL));
        dst[p++] = (byte) (mah >>> 16);
        dst[p++] = (byte) (mah >>> 8);
        dst[p++] = (byte) mah;
        dst[p++] = (byte) Math.max(0, Math.min(remainingPct, 100));
        return finish(dst, off, p);
    }

    /** ATTITUDE: 10 bytes; angles are wrapped to ±π first. */
    public static int attitude(byte[] dst, int off, float rollRad, float pitchRad, float yawRad) {
        int p = header(dst, off, 6, TYPE_ATTITUDE);
        p = putU16(dst, p, angle(pitchRad));
        p = putU16(dst, p, angle(rollRad));
        p = putU16(dst, p, angle(yawRad));
        return finish(dst, off, p);
    }

    /**
     * FLIGHT_MODE: the text's first {@link #MAX_FLIGHT_MODE_CHARS} characters, characters outside
     * printable ASCII sent as '?'.
     */
    public static int flightMode(byte[] dst, int off, CharSequence mode) {
        int chars = Math.min(mode.length(), MAX_FLIGHT_MODE_CHARS);
        int p = header(dst, off, chars + 1, TYPE_FLIGHT_MODE);
        for (int i = 0; i < chars; i++) {
            char c = mode.charAt(i);
            dst[p++] = (byte) (c >= 0x20 && c < 0x7F ? c : '?');
        }
        dst[p++] = 0;
        return finish(dst, off, p);
    }

    private static int header(byte[] dst, int off, int payloadBytes, int type) {
        dst[off] = (byte) CrsfParser.ADDRESS_FLIGHT_CONTROLLER;
        dst[off + 1] = (byte) (payloadBytes + 2);
        dst[off + 2] = (byte) type;
        return off + 3;
    }

    private static int finish(byte[] dst, int off, int p) {
        dst[p] = (byte) CrsfCrc8.compute(dst, off + 2, p - off - 2);
        return p + 1 - off;
    }

    private static int putU16(byte[] dst, int p, int v) {
        dst[p] = (byte) (v >>> 8);
        dst[p + 1] = (byte) v;
        return p + 2;
    }

    private static int scaled(float value, float scale, int max) {
        if (!(value > 0f)) {
            return 0;
        }
        return (int) Math.min(max, Math.round(value * scale));
    }

    private static int angle(float rad) {
        if (!Float.isFinite(rad)) {
            return 0;
        }
        double wrapped = Math.IEEEremainder(rad, 2 * Math.PI);
        return (int) Math.round(wrapped * 10_000.0) & 0xFFFF;
    }
}
