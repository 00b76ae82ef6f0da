package org.hoverla.core.mavlink.signing;

import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;
import io.dronefleet.mavlink.protocol.MavlinkPacket;
import io.dronefleet.mavlink.serialization.payload.reflection.ReflectionPayloadSerializer;
import java.util.concurrent.atomic.AtomicLong;
import org.hoverla.core.mavlink.link.MavlinkLinkManager;
import org.hoverla.core.mavlink.link.SigningFixture;
import org.hoverla.core.mavlink.security.LinkTrust;
import org.hoverla.core.param.IntParam;
import org.hoverla.core.param.ParamStore;

/** A vehicle's signing state with a fixed wall clock, two stub links (the second one trusted when asked) and frame builders. */
final class SigningRig {
    /** 2026-01-01 00:00:00 UTC in Unix microseconds. */
    static final long WALL_US = 1_767_225_600_000_000L;
    static final int SYS = 1;
    static final byte[] KEY = SigningKeyStore.keyFromPassphrase("rig key");
    static final byte[] OTHER_KEY = SigningKeyStore.keyFromPassphrase("someone else");

    final ParamStore store = new ParamStore();
    final LinkTrust trust = LinkTrust.of(store);
    final IntParam config = SigningParams.of(store);
    final AtomicLong wallUs = new AtomicLong(WALL_US);
    final MavlinkSigning signing = new MavlinkSigning(SYS, trust, config, wallUs::get);
    final MavlinkLinkManager manager = SigningFixture.manager(() -> 0L);
    /** Link spec 0: untrusted. */
    final SigningFixture.StubLink radio = SigningFixture.link(manager, 4, 0);
    /** Link spec 1: trusted once {@link #trustSecondLink()} ran. */
    final SigningFixture.StubLink usb = SigningFixture.link(manager, 5, 1);

    boolean lastAuthenticated;
    int framesSeen;

    void trustSecondLink() {
        store.set("MAV_LINK_TRUST", 2);
    }

    /** Our timestamp now (10 µs since 2015). */
    long now() {
        return MavlinkSignature.timestampOfUnixMicros(wallUs.get());
    }

    /** Parses {@code raw} and passes it through the filter as arriving on {@code link}; the filter's verdict. */
    boolean admit(SigningFixture.StubLink link, byte[] raw) {
        boolean[] verdict = new boolean[1];
        framesSeen = 0;
        SigningFixture.parse(manager, raw, f -> {
            framesSeen++;
            verdict[0] = signing.admit(link, f, 0L);
            lastAuthenticated = f.isAuthenticated();
        });
        if (framesSeen != 1) {
            throw new AssertionError("not one valid frame: " + framesSeen);
        }
        return verdict[0];
    }

    static byte[] unsigned(int sys, int comp, Object payload) {
        MavlinkMessageInfo i = payload.getClass().getAnnotation(MavlinkMessageInfo.class);
        byte[] p = new ReflectionPayloadSerializer().serialize(payload);
        return MavlinkPacket.createUnsignedMavlink2Packet(0, sys, comp, i.id(), i.crc(), p).getRawBytes();
    }

    static byte[] signed(int sys, int comp, Object payload, byte[] key, int linkId, long timestamp) {
        MavlinkMessageInfo i = payload.getClass().getAnnotation(MavlinkMessageInfo.class);
        byte[] p = new ReflectionPayloadSerializer().serialize(payload);
        return MavlinkPacket.createSignedMavlink2Packet(0, sys, comp, i.id(), i.crc(), p, linkId, timestamp, key)
                .getRawBytes();
    }
}
