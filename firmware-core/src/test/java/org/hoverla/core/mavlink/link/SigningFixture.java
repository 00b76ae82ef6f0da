package org.hoverla.core.mavlink.link;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.hoverla.core.time.Clock;

/** Links and parsed frames for signing tests in other packages (ManagedLink's constructor is package-private). */
public final class SigningFixture {
    private SigningFixture() {
    }

    /** A link that keeps what is written to it. */
    public static final class StubLink extends ManagedLink {
        public final List<byte[]> written = new ArrayList<>();

        StubLink(MavlinkLinkManager manager, int id, String name, int instance) {
            super(manager, id, name);
            this.instance = instance;
        }

        @Override
        boolean write(byte[] frame) {
            written.add(frame);
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A manager that is never started (for its message table and as the links' owner). */
    public static MavlinkLinkManager manager(Clock clock) {
        return new MavlinkLinkManager(1, 1, clock);
    }

    /** A stub link with link id {@code id} opened by link specification {@code instance}. */
    public static StubLink link(MavlinkLinkManager manager, int id, int instance) {
        return new StubLink(manager, id, "stub:" + id, instance);
    }

    /** A reusable parser that hands each validated frame to {@code handler}. */
    public static MavlinkFrameParser parser(MavlinkLinkManager manager, Consumer<MavlinkFrame> handler) {
        return new MavlinkFrameParser(manager.table(), new LinkStats(), handler::accept);
    }

    /** Parses {@code raw} (whole frames) and hands each frame to {@code handler}. */
    public static void parse(MavlinkLinkManager manager, byte[] raw, Consumer<MavlinkFrame> handler) {
        MavlinkFrameParser p = parser(manager, handler);
        p.feed(raw, 0, raw.length);
    }

    /** Sends {@code payload} from the manager's identity to {@code link} as the manager does (signing included). */
    public static void sendOwn(MavlinkLinkManager manager, StubLink link, Object payload) {
        manager.sendOwn(link, new MavlinkFrameEncoder(manager.table()).serialize(payload));
    }
}
