package org.hoverla.core.estimation;

import org.hoverla.core.math.Vec3;

/**
 * The last estimated positions and velocities with their sample times, so a late measurement
 * (GNSS arrives ~100 ms after its sample time) is compared with the state of its own time. A
 * correction applied to the current state is added to the whole history too, so the next late
 * measurement does not correct the same error again. Preallocated ring; allocation-free;
 * one thread.
 */
public final class StateHistory {
    private final int mask;
    private final long[] timeNs;
    private final double[] pos;
    private final double[] vel;
    private int head = -1;
    private int count;

    /** @param capacity a power of two (entries kept) */
    public StateHistory(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        mask = capacity - 1;
        timeNs = new long[capacity];
        pos = new double[capacity * 3];
        vel = new double[capacity * 3];
    }

    public void clear() {
        head = -1;
        count = 0;
    }

    public void push(long sampleTimeNs, Vec3 posNed, Vec3 velNed) {
        head = (head + 1) & mask;
        if (count <= mask) {
            count++;
        }
        timeNs[head] = sampleTimeNs;
        int o = head * 3;
        pos[o] = posNed.x;
        pos[o + 1] = posNed.y;
        pos[o + 2] = posNed.z;
        vel[o] = velNed.x;
        vel[o + 1] = velNed.y;
        vel[o + 2] = velNed.z;
    }

    /**
     * Writes the state of the newest entry not later than {@code t} (or the oldest kept) into the
     * outputs; with an empty history the current state is used.
     */
    public void at(long t, Vec3 currentPos, Vec3 currentVel, Vec3 posOut, Vec3 velOut) {
        if (count == 0) {
            posOut.set(currentPos);
            velOut.set(currentVel);
            return;
        }
        int idx = head;
        for (int i = 0; i < count; i++) {
            idx = (head - i) & mask;
            if (timeNs[idx] <= t) {
                break;
            }
        }
        int o = idx * 3;
        posOut.set(pos[o], pos[o + 1], pos[o + 2]);
        velOut.set(vel[o], vel[o + 1], vel[o + 2]);
    }

    /** Adds a correction to every stored entry. */
    public void shift(double dpn, double dpe, double dpd, double dvn, double dve, double dvd) {
        for (int i = 0; i < count; i++) {
            int o = ((head - i) & mask) * 3;
            pos[o] += dpn;
            pos[o + 1] += dpe;
            pos[o + 2] += dpd;
            vel[o] += dvn;
            vel[o + 1] += dve;
            vel[o + 2] += dvd;
        }
    }
}
