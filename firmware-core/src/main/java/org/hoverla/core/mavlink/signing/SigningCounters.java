package org.hoverla.core.mavlink.signing;

import org.hoverla.core.mavlink.MavlinkLink;

/**
 * What the signing filter refused (and verified), per link and in total. Written on the MAVLink
 * thread without allocation (fixed slots: the first {@link #LINK_SLOTS} links seen get their own,
 * later ones share the last, reported as "other links"); read from any thread for reports
 * (plain reads: a report may be a frame behind).
 */
public final class SigningCounters {
    /** A signed frame whose signature did not verify against the installed key. */
    public static final int BAD_SIGNATURE = 0;
    /** A signed frame not newer than the last accepted one of its stream. */
    public static final int REPLAY = 1;
    /** A new stream more than a minute behind our timestamp. */
    public static final int OLD_TIMESTAMP = 2;
    /** An unsigned frame on a link where signing is required (and not on the accept-unsigned list). */
    public static final int UNSIGNED = 3;
    /** A SETUP_SIGNING not addressed to this system: never forwarded, never obeyed. */
    public static final int SETUP_NOT_FOR_US = 4;
    /** Frames whose signature verified (not a refusal). */
    public static final int AUTHENTICATED = 5;
    /** Number of kinds. */
    public static final int KINDS = 6;
    /** Names of the kinds, for reports and JSON. */
    public static final String[] NAMES = {"bad_signature", "replay", "old_timestamp", "unsigned_refused",
        "setup_not_for_us", "authenticated"};
    /** Links with slots of their own. */
    public static final int LINK_SLOTS = 16;

    private final MavlinkLink[] links = new MavlinkLink[LINK_SLOTS];
    private final long[][] perLink = new long[LINK_SLOTS][KINDS];
    private final long[] total = new long[KINDS];
    private int used;

    /** Counts one event of {@code kind} on {@code link}. MAVLink thread. */
    public void count(MavlinkLink link, int kind) {
        total[kind]++;
        perLink[slot(link)][kind]++;
    }

    private int slot(MavlinkLink link) {
        for (int i = 0; i < used; i++) {
            if (links[i] == link) {
                return i;
            }
        }
        if (used < LINK_SLOTS - 1) {
            links[used] = link;
            return used++;
        }
        return LINK_SLOTS - 1;
    }

    /** Total of {@code kind} over every link. */
    public long total(int kind) {
        return total[kind];
    }

    /** Count of {@code kind} on {@code link} (0 for a link never counted). */
    public long of(MavlinkLink link, int kind) {
        for (int i = 0; i < used; i++) {
            if (links[i] == link) {
                return perLink[i][kind];
            }
        }
        return 0;
    }

    /** Total of every refusal kind (all but {@link #AUTHENTICATED}). */
    public long refused() {
        long n = 0;
        for (int k = 0; k < AUTHENTICATED; k++) {
            n += total[k];
        }
        return n;
    }

    /** One line per link with any count, e.g. {@code udp:…: bad_signature=3 replay=1}. Allocates. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(used + 1, LINK_SLOTS);
        for (int i = 0; i < n; i++) {
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < KINDS; k++) {
                if (perLink[i][k] != 0) {
                    line.append(' ').append(NAMES[k]).append('=').append(perLink[i][k]);
                }
            }
            if (line.length() > 0) {
                String name = i < used ? links[i].name() : "other links";
                sb.append(name).append(':').append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
