package org.hoverla.mission.fence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.hoverla.mission.MissionItem;

/**
 * The flight task calls the breach checks every cycle: after construction they must not allocate
 * (DESIGN.md §5). Measured with the thread's allocation counter after JIT warm-up.
 */
class GeofenceAllocationTest {

    @Test
    void shouldNotAllocateInQueriesAfterWarmUp() throws IOException {
        // Given the shared plan's fence with altitude limits, and rally points
        List<MissionItem> items = FenceFixtures.readPlanFence(FenceFixtures.geofencePlan());
        Geofence fence = Geofence.build(items, FenceFixtures.REF_LAT, FenceFixtures.REF_LON,
                new FenceLimits(0, 120, 2000));
        RallyPoints rally = RallyPoints.build(List.of(FenceFixtures.rally(100, 0), FenceFixtures.rally(-300, 50)),
                FenceFixtures.REF_LAT, FenceFixtures.REF_LON);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);

        // When the queries run long enough to be compiled, then run again under measurement
        double sink = exercise(fence, rally, 50_000);
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            sink += exercise(fence, rally, 10_000);
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }

        // Then not a byte was allocated
        // Fewest over windows: an allocation per cycle shows in every window, the JIT's one-off
        // deoptimisation (rematerialising eliminated objects) in one at most.
        assertThat(fewest).as("bytes allocated by %d fence queries", 10_000 * 8).isZero();
        assertThat(sink).isNotNaN();
    }

    private static double exercise(Geofence fence, RallyPoints rally, int rounds) {
        double sink = 0;
        for (int i = 0; i < rounds; i++) {
            double n = (i % 1000) - 500.0;
            double e = ((i * 7) % 1000) - 500.0;
            double d = -((i % 130) - 5.0);
            sink += fence.contains(n, e, d) ? 1 : 0;
            sink += fence.pointInside(n, e, d) ? 1 : 0;
            double sd = fence.signedDistanceM(n, e);
            sink += Double.isFinite(sd) ? sd : 0;
            sink += fence.breachPredicted(n, e, d, 8.0, -3.0, -1.0, 3.0, 5.0) ? 1 : 0;
            sink += fence.segmentInside(n, e, d, 0, 0, -20) ? 1 : 0;
            sink += fence.allowedLegFraction(0, 0, -20, n, e, d);
            sink += rally.nearest(n, e);
            sink += rally.chooseReturnTarget(n, e, 0, 0);
        }
        return sink;
    }
}
