package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.MavlinkDialect;
import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;
import io.dronefleet.mavlink.common.CommonDialect;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Message id → what the link layer needs to frame, check, decode and route a message: its class,
 * CRC_EXTRA, full payload length (with extensions) and the wire offsets of its
 * {@code target_system}/{@code target_component} fields (or -1).
 *
 * <p>Built once at boot from a dialect's message classes' {@link MavlinkMessageInfo} and
 * {@link MavlinkFieldInfo} annotations; {@link #register(Class)} adds classes the library lacks
 * (e.g. {@code AVAILABLE_MODES}, {@code CURRENT_MODE}) defined with the same annotations.
 * Register before the links start: lookups ({@link #get(int)}) are lock-free reads of a
 * copy-on-write array and allocation-free.
 *
 * <p>Wire order (mavlink.io, "Field Reordering"): base fields sorted by element size descending,
 * ties in declaration order; extension fields after them in declaration order.
 */
public final class MavlinkMessageTable {

    /** One known message. {@code targetSystemOffset}/{@code targetComponentOffset} are -1 when absent. */
    public record Entry(int id, Class<?> type, int crcExtra, int baseLength, int maxLength,
                        int targetSystemOffset, int targetComponentOffset) {
    }

    private static final int DIRECT = 1 << 16;

    private volatile Entry[] direct = new Entry[DIRECT];
    private volatile Entry[] large = new Entry[0];

    /** An empty table. */
    public MavlinkMessageTable() {
    }

    /** A table holding every message of {@code dialect} (and the dialects it depends on). */
    public MavlinkMessageTable(MavlinkDialect dialect) {
        for (Class<?> type : dialect.messageTypes()) {
            register(type);
        }
    }

    /** The common dialect (which includes the standard and minimal ones). */
    public static MavlinkMessageTable common() {
        return new MavlinkMessageTable(new CommonDialect());
    }

    /**
     * Adds (or replaces) a message class annotated with {@link MavlinkMessageInfo} whose accessors
     * carry {@link MavlinkFieldInfo}.
     *
     * @throws IllegalArgumentException if the class lacks the annotations
     */
    public synchronized Entry register(Class<?> type) {
        Entry e = describe(type);
        if (e.id() < DIRECT) {
            Entry[] copy = direct.clone();
            copy[e.id()] = e;
            direct = copy;
        } else {
            List<Entry> l = new ArrayList<>(List.of(large));
            l.removeIf(x -> x.id() == e.id());
            l.add(e);
            large = l.toArray(new Entry[0]);
        }
        return e;
    }

    /** @return the entry for {@code messageId}, or {@code null} if unknown. Allocation-free. */
    public Entry get(int messageId) {
        if (messageId >= 0 && messageId < DIRECT) {
            return direct[messageId];
        }
        for (Entry e : large) {
            if (e.id() == messageId) {
                return e;
            }
        }
        return null;
    }

    /** @return the entry for a payload's class, or {@code null} if the class is not registered here. */
    public Entry get(Class<?> type) {
        MavlinkMessageInfo info = type.getAnnotation(MavlinkMessageInfo.class);
        if (info == null) {
            return null;
        }
        Entry e = get(info.id());
        return e != null && e.type() == type ? e : null;
    }

    /** Describes one annotated message class (independent of any table). */
    public static Entry describe(Class<?> type) {
        MavlinkMessageInfo info = type.getAnnotation(MavlinkMessageInfo.class);
        if (info == null) {
            throw new IllegalArgumentException(type.getName() + " has no @MavlinkMessageInfo");
        }
        List<Method> fields = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getAnnotation(MavlinkFieldInfo.class) != null && m.getParameterCount() == 0) {
                fields.add(m);
            }
        }
        fields.sort(Comparator.comparing((Method m) -> m.getAnnotation(MavlinkFieldInfo.class),
                MavlinkMessageTable::compareWire));
        int offset = 0;
        int base = -1;
        int targetSystem = -1;
        int targetComponent = -1;
        for (Method m : fields) {
            MavlinkFieldInfo f = m.getAnnotation(MavlinkFieldInfo.class);
            if (f.extension() && base < 0) {
                base = offset;
            }
            if (m.getName().equals("targetSystem") && f.arraySize() <= 1 && f.unitSize() == 1) {
                targetSystem = offset;
            } else if (m.getName().equals("targetComponent") && f.arraySize() <= 1 && f.unitSize() == 1) {
                targetComponent = offset;
            }
            offset += f.unitSize() * Math.max(1, f.arraySize());
        }
        if (base < 0) {
            base = offset;
        }
        if (offset > 255) {
            throw new IllegalArgumentException(type.getName() + " payload is " + offset + " bytes (> 255)");
        }
        return new Entry(info.id(), type, info.crc() & 0xFF, base, offset, targetSystem, targetComponent);
    }

    /**
     * Wire order (mavlink.io "Field Reordering"), as the library's comparator: base fields by
     * descending type size, stable by declaration; extensions after them in declaration order.
     * Shared by the table and the cached payload codecs.
     */
    static int compareWire(MavlinkFieldInfo a, MavlinkFieldInfo b) {
        if (a.extension() != b.extension()) {
            return a.extension() ? 1 : -1;
        }
        if (!a.extension() && a.unitSize() != b.unitSize()) {
            return b.unitSize() - a.unitSize();
        }
        return Integer.compare(a.position(), b.position());
    }
}
