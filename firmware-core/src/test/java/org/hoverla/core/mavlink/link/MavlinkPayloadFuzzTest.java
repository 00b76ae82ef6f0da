package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.MavlinkVehicleInterface;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.LoadResult;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.PlanInstaller;
import org.hoverla.testsupport.fuzz.ByteMutator;
import org.hoverla.testsupport.fuzz.Fuzz;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes MAVLink payloads: frames with a valid CRC for every message id of the common dialect, in
 * turn, carrying random or mutated payloads (mostly addressed to the vehicle, so they reach the
 * services), fed through a link's real parser into the real {@link MavlinkVehicleInterface}'s
 * manager and services (heartbeat, radio, telemetry, command, mode, parameters, offboard, manual
 * control, RC override, FTP, logs, missions). Asserts no exception escapes, no service throws
 * ({@link MavlinkLinkManager#serviceErrors()} stays 0, the services' ticks included), and every
 * frame is counted (received, or dropped/truncated/CRC if the mutation broke it).
 */
class MavlinkPayloadFuzzTest {
    private static final int VEHICLE = 1;
    private static final ByteMutator MUTATOR = new ByteMutator(new int[] {0, 1, 0xFF, 0x7F, 0x80}, 300);

    private final FlightBus bus = new FlightBus();
    private final ParamStore store = new ParamStore();
    private final FlightParams params = new FlightParams(store);

    {
        // A random SETUP_SIGNING installs a random key on this fresh vehicle (as it must); with signing
        // required (MAV_SIGN_CFG 1) every later unsigned frame would then stop at the signature check and
        // the services would go unfuzzed. With 0 the check still runs on every frame, signed ones included.
        ((org.hoverla.core.param.IntParam) store.find("MAV_SIGN_CFG")).set(0);
        // The flood limiter runs on the wall clock (a flood costs real CPU time), so it would drop most of
        // a fuzz run's burst (10,000 frames in about 150 ms) before the services; FloodGuardTest covers it.
        // Set before the interface is built: the limiter reads its parameters then, and once a second.
        ((org.hoverla.core.param.IntParam) store.find("MAV_FLOOD_EN")).set(0);
    }

    private final SimClock clock = new SimClock();
    private final ParamPersistence persistence = new ParamPersistence() {
        @Override
        public void save(ParamStore s) {
        }

        @Override
        public LoadResult load(ParamStore s) {
            return new LoadResult(LoadResult.Source.DEFAULTS, 0, List.of());
        }
    };
    private final MavlinkVehicleInterface mav = new MavlinkVehicleInterface(
            new VehicleIdentity(VEHICLE, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 7L), bus, store, persistence, clock,
            null, null, new PlanInstaller(bus, params), PlanStore.NONE);
    private final MavlinkLinkManager manager = mav.links();

    /** A link with no transport: what the services send is counted and dropped (the manager is not started). */
    private static final class FuzzLink extends ManagedLink {
        FuzzLink(MavlinkLinkManager m) {
            super(m, 0, "fuzz");
        }

        @Override
        boolean write(byte[] frame) {
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final FuzzLink link = new FuzzLink(manager);

    @AfterEach
    void close() {
        mav.close();
    }

    private static byte[] payload(SplittableRandom rng, MavlinkMessageTable.Entry e) {
        int len = rng.nextInt(e.maxLength() + 1);
        byte[] p;
        switch (rng.nextInt(4)) {
            case 0 -> p = ByteMutator.random(rng, len);
            case 1 -> {
                p = new byte[len];
                java.util.Arrays.fill(p, (byte) (rng.nextBoolean() ? 0xFF : 0x80));
            }
            default -> p = MUTATOR.mutate(rng, new byte[e.maxLength()], List.of(new byte[e.baseLength()]), 8);
        }
        if (p.length > e.maxLength()) {
            p = java.util.Arrays.copyOf(p, e.maxLength());
        }
        // Mostly addressed to us (target 1/1 or broadcast), so the services see it.
        if (rng.nextInt(8) != 0) {
            if (e.targetSystemOffset() >= 0 && e.targetSystemOffset() < p.length) {
                p[e.targetSystemOffset()] = (byte) (rng.nextInt(4) == 0 ? 0 : VEHICLE);
            }
            if (e.targetComponentOffset() >= 0 && e.targetComponentOffset() < p.length) {
                p[e.targetComponentOffset()] = (byte) (rng.nextInt(4) == 0 ? 0 : 1);
            }
        }
        return p;
    }

    @Test
    void shouldSurviveEveryMessageWithRandomPayloadsInTheRealServices() {
        long[] fed = new long[1];
        long[] caseNo = new long[1];
        long[] delivered = new long[1];
        java.util.Set<Integer> idsDelivered = new java.util.HashSet<>();
        manager.addService((source, message, nowNs) -> {
            delivered[0]++;
            idsDelivered.add(message.getPayload().getClass().getAnnotation(
                    io.dronefleet.mavlink.annotations.MavlinkMessageInfo.class).id());
        });
        // Given every message id of the common dialect in turn, with a random or mutated payload
        Fuzz.bytes("mavlink-payloads", rng -> {
            MavlinkMessageTable.Entry e = FuzzFrames.ENTRIES.get(rng.nextInt(FuzzFrames.ENTRIES.size()));
            int sys = rng.nextInt(8) == 0 ? rng.nextInt(256) : 255;
            int comp = rng.nextInt(8) == 0 ? rng.nextInt(256) : 190;
            return FuzzFrames.frame(e, payload(rng, e), sys, comp, rng.nextInt(256), rng.nextInt(4) == 0,
                    rng.nextInt(4) == 0);
        }, in -> {
            // When fed through the link's parser into the manager and the services, ticking them now and then
            long before = link.stats.framesReceived();
            link.parser.feed(in, 0, in.length);
            link.parser.endOfDatagram();
            fed[0]++;
            if (++caseNo[0] % 64 == 0) {
                clock.advance(20_000_000L);
                for (MavlinkService s : manager.services()) {
                    s.tick(clock.nanoTime());
                }
            }
            // Then the frame was received (its CRC is valid), no service threw, and nothing is held
            assertThat(link.stats.framesReceived()).isEqualTo(before + 1);
            assertThat(manager.serviceErrors()).as("service errors").isZero();
            assertThat(link.parser.pendingBytes()).isZero();
        });
        assertThat(link.stats.bytesDropped()).isZero();
        assertThat(link.stats.framesReceived()).isEqualTo(fed[0]);
        // and most frames were decoded and reached the services: every message id, for a full run
        System.out.println("mavlink-payloads: " + delivered[0] + " of " + fed[0] + " delivered, "
                + link.stats.decodeErrors() + " decode errors, " + idsDelivered.size() + " message ids");
        assertThat(delivered[0] + link.stats.decodeErrors()).isLessThanOrEqualTo(fed[0]);
        assertThat(delivered[0]).isGreaterThan(fed[0] / 2);
        if (fed[0] >= 100_000) {
            assertThat(idsDelivered).hasSameSizeAs(FuzzFrames.ENTRIES);
        }
    }
}
