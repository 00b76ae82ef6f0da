package org.hoverla.core.mavlink.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.core.mavlink.signing.SigningRig.KEY;

import com.sun.management.ThreadMXBean;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.MavCmd;
import java.lang.management.ManagementFactory;
import org.hoverla.core.mavlink.link.MavlinkFrameParser;
import org.hoverla.core.mavlink.link.SigningFixture;
import org.junit.jupiter.api.Test;

/**
 * The MAVLink thread's per-frame signing path allocates nothing after warm-up: parse a signed frame,
 * verify it and check its stream in the filter (accepted), refuse a forged one, and sign an outgoing frame.
 */
class SigningAllocationTest {

    @Test
    void shouldVerifyRefuseAndSignWithoutAllocatingAfterWarmUp() {
        // Given a key, a parser feeding the filter, a ground station re-signing one frame with rising timestamps
        SigningRig rig = new SigningRig();
        rig.signing.installKey(KEY, 0);
        long[] admitted = new long[2];
        MavlinkFrameParser parser = SigningFixture.parser(rig.manager, f -> {
            if (rig.signing.admit(rig.radio, f, 0L) && f.isAuthenticated()) {
                admitted[0]++;
            } else {
                admitted[1]++;
            }
        });
        CommandLong cmd = CommandLong.builder().targetSystem(1).targetComponent(1)
                .command(MavCmd.MAV_CMD_COMPONENT_ARM_DISARM).param1(1f).build();
        byte[] frame = SigningRig.signed(255, 190, cmd, KEY, 2, rig.now());
        byte[] forged = SigningRig.signed(255, 190, cmd, SigningRig.OTHER_KEY, 2, rig.now());
        int unsignedLength = frame.length - MavlinkSignature.LENGTH;
        MavlinkSignature gcs = new MavlinkSignature();
        byte[] out = frame.clone(); // an outgoing frame of ours, signed in place
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long ts = rig.now() + 1;
        for (int i = 0; i < 20_000; i++, ts++) {
            gcs.sign(KEY, frame, 0, unsignedLength, 2, ts);
            parser.feed(frame, 0, frame.length);
            parser.feed(forged, 0, forged.length);
            rig.signing.sign(rig.radio, out, unsignedLength);
        }
        // When three windows of 10,000 turns run
        long smallest = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            threads.getThreadAllocatedBytes(tid);
            long before = threads.getThreadAllocatedBytes(tid);
            for (int k = 0; k < 10_000; k++, ts++) {
                gcs.sign(KEY, frame, 0, unsignedLength, 2, ts);
                parser.feed(frame, 0, frame.length);
                parser.feed(forged, 0, forged.length);
                rig.signing.sign(rig.radio, out, unsignedLength);
            }
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(tid) - before);
        }
        // Then every genuine frame was authenticated, every forged one refused, and no byte was allocated
        assertThat(admitted[0]).isEqualTo(50_000);
        assertThat(admitted[1]).isEqualTo(50_000);
        assertThat(rig.signing.counters().total(SigningCounters.BAD_SIGNATURE)).isEqualTo(50_000);
        assertThat(smallest).isZero();
    }
}
