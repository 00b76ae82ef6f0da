package org.hoverla.core.mavlink.log;

import io.dronefleet.mavlink.common.LogData;
import io.dronefleet.mavlink.common.LogEntry;
import io.dronefleet.mavlink.common.LogErase;
import io.dronefleet.mavlink.common.LogRequestData;
import io.dronefleet.mavlink.common.LogRequestEnd;
import io.dronefleet.mavlink.common.LogRequestList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.RecordingOutput;

/**
 * A ground station's side of the MAVLink log protocol for tests: sends LOG_* requests to a
 * {@link LogService} as frames from its own system/component on its link, reads what the service
 * recorded for that link, and downloads logs the way QGroundControl's LogDownloadController
 * (chunks of {@code bins} 90-byte bins, the request rounded up to whole bins, a gap re-requested
 * after a timeout) and MAVSDK's LogFiles plugin (512-bin chunks, exact byte counts) do.
 * Time advances only through {@link #tick()} (20 ms of the vehicle clock, one service tick).
 */
final class LogTestClient {
    static final int LEN = LogService.DATA_LEN;

    final LogService service;
    final RecordingOutput out;
    final MavlinkLink link;
    final int system;
    final int component;
    final long[] clock;
    private int cursor;
    int requestsSent;

    /** @param clock a shared one-element clock (ns), so several clients tick one service */
    LogTestClient(LogService service, RecordingOutput out, MavlinkLink link, int system, int component, long[] clock) {
        this.service = service;
        this.out = out;
        this.link = link;
        this.system = system;
        this.component = component;
        this.clock = clock;
    }

    void send(Object payload) {
        service.onMessage(link, Frames.from(system, component, payload), clock[0]);
    }

    void requestList(int start, int end) {
        send(LogRequestList.builder().targetSystem(1).targetComponent(1).start(start).end(end).build());
    }

    void requestData(int id, long ofs, long count) {
        requestsSent++;
        send(LogRequestData.builder().targetSystem(1).targetComponent(1).id(id).ofs(ofs).count(count).build());
    }

    void requestEnd() {
        send(LogRequestEnd.builder().targetSystem(1).targetComponent(1).build());
    }

    void erase() {
        send(LogErase.builder().targetSystem(1).targetComponent(1).build());
    }

    /** One 20 ms service tick (every client sharing the clock sees it). */
    void tick() {
        clock[0] += 20_000_000L;
        service.tick(clock[0]);
    }

    /** Payloads of a type sent on this client's link since the last call for any type. */
    <T> List<T> received(Class<T> type) {
        List<T> r = new ArrayList<>();
        List<RecordingOutput.Sent> all = out.sent();
        for (int i = cursor; i < all.size(); i++) {
            RecordingOutput.Sent s = all.get(i);
            if ((s.target() == link || s.target() == null) && type.isInstance(s.payload())) {
                r.add(type.cast(s.payload()));
            }
        }
        cursor = all.size();
        return r;
    }

    /** Lists every log (0..0xFFFF), ticking until the entries stop coming. */
    List<LogEntry> list() {
        requestList(0, LogService.LAST);
        List<LogEntry> got = new ArrayList<>(received(LogEntry.class));
        for (int quiet = 0; quiet < 3; ) {
            tick();
            List<LogEntry> more = received(LogEntry.class);
            got.addAll(more);
            quiet = more.isEmpty() ? quiet + 1 : 0;
        }
        return got;
    }

    /** QGC: chunks of {@code bins} bins, each request rounded up to whole bins. */
    byte[] downloadLikeQgc(int id, long size, int bins, IntPredicate drop) {
        return download(id, size, bins, true, drop);
    }

    /** MAVSDK: chunks of 512 bins, each request for exactly the chunk's bytes. */
    byte[] downloadLikeMavsdk(int id, long size, IntPredicate drop) {
        return download(id, size, 512, false, drop);
    }

    private byte[] download(int id, long size, int bins, boolean roundUp, IntPredicate drop) {
        byte[] file = new byte[(int) size];
        long chunkBytes = (long) bins * LEN;
        long chunks = (size + chunkBytes - 1) / chunkBytes;
        int packet = 0;
        for (long chunk = 0; chunk < chunks; chunk++) {
            long start = chunk * chunkBytes;
            long bytes = Math.min(chunkBytes, size - start);
            int binsHere = (int) ((bytes + LEN - 1) / LEN);
            BitSet got = new BitSet(binsHere);
            requestData(id, start, roundUp ? (long) binsHere * LEN : bytes);
            int quietTicks = 0;
            for (int guard = 0; got.cardinality() < binsHere; guard++) {
                if (guard > 100_000) {
                    throw new AssertionError("download stalled in chunk " + chunk + " with " + got.cardinality()
                            + " of " + binsHere + " bins");
                }
                List<LogData> data = received(LogData.class);
                for (LogData d : data) {
                    if (d.id() != id || d.ofs() % LEN != 0 || d.ofs() / chunkBytes != chunk) {
                        continue; // QGC and MAVSDK ignore these
                    }
                    if (drop.test(packet++)) {
                        continue; // lost on the way
                    }
                    int bin = (int) ((d.ofs() - start) / LEN);
                    System.arraycopy(d.data(), 0, file, (int) d.ofs(), d.count());
                    got.set(bin);
                }
                if (got.cardinality() >= binsHere) {
                    break;
                }
                quietTicks = data.isEmpty() ? quietTicks + 1 : 0;
                if (quietTicks >= 25) { // 500 ms without data: both clients' timeout
                    int from = got.nextClearBit(0);
                    int to = Math.min(binsHere, got.nextSetBit(from) < 0 ? binsHere : got.nextSetBit(from));
                    requestData(id, start + (long) from * LEN, (long) (to - from) * LEN);
                    quietTicks = 0;
                }
                tick();
            }
        }
        return file;
    }

    /** Concatenates the LOG_DATA of one id, checking they follow each other without a hole. */
    static byte[] contiguous(List<LogData> data, long from) {
        byte[] all = new byte[0];
        long expect = from;
        for (LogData d : data) {
            if (d.ofs() != expect) {
                throw new AssertionError("LOG_DATA at " + d.ofs() + ", expected " + expect);
            }
            int n = all.length;
            all = Arrays.copyOf(all, n + d.count());
            System.arraycopy(d.data(), 0, all, n, d.count());
            expect += d.count();
        }
        return all;
    }
}
