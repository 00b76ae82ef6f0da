package org.hoverla.bench;

import java.util.concurrent.TimeUnit;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.security.AuthorityParams;
import org.hoverla.core.mavlink.security.CommandAuthority;
import org.hoverla.core.mavlink.security.LinkTrust;
import org.hoverla.core.param.ParamStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the command-authority checks on the MAVLink thread's per-message path
 * (docs/command-authority.md): an owner's offboard setpoint (allow-list + session owner), a
 * refused setpoint from a system not on the allow-list (counted, no text within the 10 s period),
 * and an allowed arm command (class, allow-list). The vehicle clock advances 1 µs per call, so the
 * refusal texts come once per 10 s of that clock (every 10 million calls).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CommandAuthorityBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CommandAuthorityBenchmark {
    private CommandAuthority authority;
    private final MavlinkLink link = new MavlinkLink() {
        @Override
        public int id() {
            return 0;
        }

        @Override
        public String name() {
            return "udp";
        }

        @Override
        public int instance() {
            return 0;
        }
    };
    private long nowNs;

    @Setup
    public void setUp() {
        ParamStore store = new ParamStore();
        LinkTrust trust = LinkTrust.of(store);
        AuthorityParams params = AuthorityParams.of(store);
        params.gcsIds[0].set(255);
        params.linkMask.set(1);
        MavlinkOutput none = (target, payload) -> { };
        authority = new CommandAuthority(params, trust, new CommandAuthority.VehicleState() {
            @Override
            public boolean armed() {
                return true;
            }

            @Override
            public boolean inAir() {
                return true;
            }

            @Override
            public boolean offboard() {
                return true;
            }
        }, new StatusTextSender(none), () -> 1_000_000_000L);
        authority.allowSetpoint(link, 255, 190, 0);
        nowNs = 1_000_000L;
    }

    @Benchmark
    public boolean ownersSetpoint() {
        return authority.allowSetpoint(link, 255, 190, nowNs += 1_000L);
    }

    @Benchmark
    public boolean refusedSetpoint() {
        return authority.allowSetpoint(link, 7, 190, nowNs += 1_000L);
    }

    @Benchmark
    public int allowedArmCommand() {
        return authority.checkCommand(link, 255, 190, 400, 1, 0, 0, nowNs += 1_000L);
    }
}
