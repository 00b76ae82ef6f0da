package org.hoverla.bench;

import java.util.concurrent.TimeUnit;
import org.hoverla.core.mavlink.signing.MavlinkSignature;
import org.hoverla.core.mavlink.signing.SigningKeyStore;
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
 * Cost of MAVLink 2 signing per frame (docs/mavlink-signing.md): verifying a signed HEARTBEAT
 * (34 bytes with its signature) and a full-length frame (255-byte payload, 280 bytes), and signing
 * the full-length frame. SHA-256 over key + frame dominates; the JDK's implementation.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SigningBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SigningBenchmark {
    private final MavlinkSignature signature = new MavlinkSignature();
    private final byte[] key = SigningKeyStore.keyFromPassphrase("benchmark");
    private final byte[] heartbeat = new byte[10 + 9 + 2 + MavlinkSignature.LENGTH];
    private final byte[] full = new byte[10 + 255 + 2 + MavlinkSignature.LENGTH];
    private long timestamp = 1L << 40;

    @Setup
    public void setUp() {
        heartbeat[0] = (byte) 0xFD;
        heartbeat[1] = 9;
        heartbeat[2] = 1;
        full[0] = (byte) 0xFD;
        full[1] = (byte) 255;
        full[2] = 1;
        signature.sign(key, heartbeat, 0, heartbeat.length - MavlinkSignature.LENGTH, 0, timestamp);
        signature.sign(key, full, 0, full.length - MavlinkSignature.LENGTH, 0, timestamp);
    }

    @Benchmark
    public boolean verifyHeartbeat() {
        return signature.verify(key, heartbeat, 0, heartbeat.length);
    }

    @Benchmark
    public boolean verifyFullFrame() {
        return signature.verify(key, full, 0, full.length);
    }

    @Benchmark
    public byte signFullFrame() {
        signature.sign(key, full, 0, full.length - MavlinkSignature.LENGTH, 1, ++timestamp);
        return full[full.length - 1];
    }
}
