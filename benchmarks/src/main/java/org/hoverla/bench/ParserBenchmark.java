package org.hoverla.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.hoverla.core.mavlink.link.LinkStats;
import org.hoverla.core.mavlink.link.MavlinkCrc;
import org.hoverla.core.mavlink.link.MavlinkFrameParser;
import org.hoverla.core.mavlink.link.MavlinkMessageTable;
import org.hoverla.hal.GnssSample;
import org.hoverla.hal.gnss.NmeaParser;
import org.hoverla.hal.gnss.UbxParser;
import org.hoverla.hal.gnss.UbxProtocol;
import org.hoverla.hal.rc.CrsfCrc8;
import org.hoverla.hal.rc.CrsfParser;
import org.hoverla.hal.rc.SbusParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost per byte (ns) of each streaming parser on a typical stream and on the worst stream found
 * for it (docs/parser-hardening.md explains each worst case). Every invocation feeds one 64 KiB
 * buffer; JMH divides by its length, so the score is ns per byte.
 *
 * <p>Worst cases (false starts that make the parser wait for a whole claimed frame, check it, and
 * rescan from the next byte):
 * <ul>
 *   <li>MAVLink: a false MAVLink 2 header of ENCAPSULATED_DATA (id 131, 255-byte payload) every
 *       10 bytes: each costs a CRC over 265 bytes (≈26.5 CRC bytes per byte fed);</li>
 *   <li>UBX: a false {@code B5 62} header claiming 2048 bytes every 6 bytes: each costs a
 *       checksum over 2052 bytes and a buffer shift of up to 2055;</li>
 *   <li>NMEA: 160-character GSV sentences of empty fields with a valid checksum;</li>
 *   <li>CRSF: {@code C8 3E} repeated (a 62-byte frame claimed every 2 bytes);</li>
 *   <li>SBUS: {@code 0F} repeated (a header every byte, never a valid end byte).</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ParserBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParserBenchmark {
    static final int SIZE = 65536;

    @Param({"typical", "worst"})
    public String stream;

    private byte[] mavlink;
    private byte[] ubx;
    private byte[] nmea;
    private byte[] crsf;
    private byte[] sbus;

    private MavlinkFrameParser mavlinkParser;
    private UbxParser ubxParser;
    private NmeaParser nmeaParser;
    private CrsfParser crsfParser;
    private SbusParser sbusParser;
    private long nowNs;
    private long sink;

    /** Repeats {@code pattern} to exactly {@link #SIZE} bytes. */
    static byte[] fill(byte[] pattern) {
        byte[] b = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            b[i] = pattern[i % pattern.length];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] mavlinkV2(MavlinkMessageTable.Entry e, byte[] payload, int seq) {
        byte[] f = new byte[10 + payload.length + 2];
        f[0] = (byte) 0xFD;
        f[1] = (byte) payload.length;
        f[4] = (byte) seq;
        f[5] = (byte) 255;
        f[6] = (byte) 190;
        f[7] = (byte) e.id();
        f[8] = (byte) (e.id() >> 8);
        f[9] = (byte) (e.id() >> 16);
        System.arraycopy(payload, 0, f, 10, payload.length);
        int crc = MavlinkCrc.frameCrc(f, 1, 9 + payload.length, e.crcExtra());
        f[f.length - 2] = (byte) crc;
        f[f.length - 1] = (byte) (crc >>> 8);
        return f;
    }

    static String nmea(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum ^= body.charAt(i);
        }
        return "$" + body + String.format("*%02X\r\n", sum);
    }

    @Setup(Level.Trial)
    public void setUp() {
        boolean worst = stream.equals("worst");
        MavlinkMessageTable table = MavlinkMessageTable.common();
        SplittableRandom rng = new SplittableRandom(17);
        if (worst) {
            mavlink = fill(new byte[] {(byte) 0xFD, (byte) 0xFF, 0, 0, 0, 1, 1, (byte) 131, 0, 0});
            ubx = fill(new byte[] {(byte) 0xB5, 0x62, 0x01, 0x07, 0x00, 0x08});
            StringBuilder gsv = new StringBuilder("GPGSV,3,1,12");
            while (gsv.length() < 157) {
                gsv.append(',');
            }
            nmea = fill(nmea(gsv.toString()).getBytes(StandardCharsets.US_ASCII));
            crsf = fill(new byte[] {(byte) 0xC8, 0x3E});
            sbus = fill(new byte[] {0x0F});
        } else {
            // Telemetry-like MAVLink: heartbeat, attitude, global position, command long, param value
            int[] ids = {0, 30, 33, 76, 22};
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int seq = 0; out.size() < SIZE; seq++) {
                MavlinkMessageTable.Entry e = table.get(ids[seq % ids.length]);
                byte[] p = new byte[e.baseLength()];
                for (int i = 0; i < p.length; i++) {
                    p[i] = (byte) (1 + rng.nextInt(255));
                }
                out.writeBytes(mavlinkV2(e, p, seq));
            }
            mavlink = java.util.Arrays.copyOf(out.toByteArray(), SIZE);
            byte[] pvt = new byte[92];
            pvt[20] = 3;
            pvt[21] = 1;
            pvt[28] = 10;
            ubx = fill(UbxProtocol.frame(1, 7, pvt));
            nmea = fill((nmea("GPGGA,030719.000,3747.0873,S,17518.8938,E,1,08,1.1,59.9,M,23.7,M,,0000")
                    + nmea("GPGSA,A,3,17,28,06,01,30,20,26,13,,,,,1.8,1.1,1.5")
                    + nmea("GPRMC,030719.000,A,3747.0873,S,17518.8938,E,0.69,181.39,311214,,,A"))
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] rc = new byte[26];
            rc[0] = (byte) 0xC8;
            rc[1] = 24;
            rc[2] = 0x16;
            for (int i = 3; i < 25; i++) {
                rc[i] = (byte) rng.nextInt(256);
            }
            rc[25] = (byte) CrsfCrc8.compute(rc, 2, 23);
            crsf = fill(rc);
            byte[] s = new byte[25];
            s[0] = 0x0F;
            for (int i = 1; i < 23; i++) {
                s[i] = (byte) rng.nextInt(256);
            }
            sbus = fill(s);
        }
        mavlinkParser = new MavlinkFrameParser(table, new LinkStats(), f -> sink++);
        ubxParser = new UbxParser(new UbxParser.Listener() {
            @Override
            public void onEpoch(GnssSample s) {
                sink++;
            }
        });
        nmeaParser = new NmeaParser(f -> sink++);
        crsfParser = new CrsfParser();
        sbusParser = new SbusParser();
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public void mavlink(Blackhole bh) {
        mavlinkParser.feed(mavlink, 0, SIZE);
        bh.consume(mavlinkParser.pendingBytes());
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public void ubx(Blackhole bh) {
        ubxParser.feed(ubx, 0, SIZE);
        bh.consume(ubxParser.pendingBytes());
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public void nmea(Blackhole bh) {
        nmeaParser.feed(nmea, 0, SIZE, 0L);
        bh.consume(nmeaParser.pendingBytes());
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public void crsf(Blackhole bh) {
        nowNs += 1_000_000;
        bh.consume(crsfParser.feed(crsf, 0, SIZE, nowNs));
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public void sbus(Blackhole bh) {
        nowNs += 1_000_000;
        bh.consume(sbusParser.feed(sbus, 0, SIZE, nowNs));
    }
}
