package org.hoverla.core.mavlink.link;

import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.StreamProfile;

/**
 * A link owned by a {@link MavlinkLinkManager}: its parser, statistics and outgoing sequence
 * number. All methods run on the MAVLink thread unless noted.
 */
public abstract class ManagedLink implements MavlinkLink {

    final MavlinkLinkManager manager;
    private final int id;
    private final String name;
    final LinkStats stats = new LinkStats();
    final MavlinkFrameParser parser;
    int txSequence;
    volatile boolean closed;
    /** Set by the manager before the link is registered (registration publishes it). */
    StreamProfile streamProfile = StreamProfile.NORMAL;
    /** Index of the link specification that opened it; set before registration. */
    int instance = -1;
    /** Whether the frame now being delivered to the services carried a verified signature. */
    boolean deliveringAuthenticated;

    ManagedLink(MavlinkLinkManager manager, int id, String name) {
        this.manager = manager;
        this.id = id;
        this.name = name;
        this.parser = new MavlinkFrameParser(manager.table(), stats, f -> manager.onFrame(this, f));
    }

    @Override
    public final int id() {
        return id;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int instance() {
        return instance;
    }

    @Override
    public final boolean currentMessageAuthenticated() {
        return deliveringAuthenticated;
    }

    @Override
    public final StreamProfile streamProfile() {
        return streamProfile;
    }

    /** Counters of this link; readable from any thread. */
    public final LinkStats stats() {
        return stats;
    }

    /** @return true once closed (by {@link #close()}, the peer, or the manager) */
    public final boolean isClosed() {
        return closed;
    }

    /** Writes one whole frame; counts it, or counts a drop. MAVLink thread. */
    final void send(byte[] frame) {
        if (closed || !write(frame)) {
            stats.sendDrops++;
            return;
        }
        stats.framesSent++;
        stats.bytesSent += frame.length;
    }

    /** @return false if the frame was dropped (no peer, backpressure, queue full) */
    abstract boolean write(byte[] frame);

    /** Closes the link and frees its port. Any thread; idempotent. */
    public abstract void close();

    @Override
    public String toString() {
        return name + "#" + id;
    }
}
