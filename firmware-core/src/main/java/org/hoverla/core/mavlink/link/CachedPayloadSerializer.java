package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageInfo;
import io.dronefleet.mavlink.serialization.MavlinkSerializationException;
import io.dronefleet.mavlink.serialization.payload.MavlinkPayloadSerializer;
import io.dronefleet.mavlink.util.EnumValue;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The library's {@code ReflectionPayloadSerializer}, writing the same bytes, with the reflection
 * done once per message class: the annotated getters (as method handles) in wire order with their
 * offsets and sizes are cached in a {@link ClassValue}, and enum entries are numbered through
 * {@link EnumValues} instead of the library's per-call scan of the enum's fields. The library
 * lists, filters and sorts the class's methods for every message it writes, which cost tens of
 * microseconds per message once compiled and far more in the interpreter, where rarely sent
 * messages (acknowledgements, MISSION_CURRENT) run.
 *
 * <p>Equivalence with the library over every message of the common dialect is a test
 * ({@code CachedPayloadSerializerTest}). Thread-safe.
 */
public final class CachedPayloadSerializer implements MavlinkPayloadSerializer {

    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return Plan.of(type);
        }
    };

    @Override
    public byte[] serialize(Object payload) {
        Plan plan = PLANS.get(payload.getClass());
        byte[] out = new byte[plan.length];
        for (Getter g : plan.getters) {
            Object v;
            try {
                v = g.handle.invoke(payload);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new MavlinkSerializationException(t);
            }
            if (v != null) {
                write(v, out, g.offset, g.offset + g.length, g.unitSize);
            }
        }
        return out;
    }

    private record Getter(MethodHandle handle, int offset, int length, int unitSize) {
    }

    private record Plan(int length, Getter[] getters) {
        static Plan of(Class<?> type) {
            if (!type.isAnnotationPresent(MavlinkMessageInfo.class)) {
                throw new IllegalArgumentException(type.getName() + " is not annotated with @MavlinkMessageInfo");
            }
            List<Method> methods = new ArrayList<>();
            for (Method m : type.getMethods()) {
                if (m.isAnnotationPresent(MavlinkFieldInfo.class) && m.getParameterCount() == 0) {
                    methods.add(m);
                }
            }
            methods.sort(Comparator.comparing((Method m) -> m.getAnnotation(MavlinkFieldInfo.class),
                    MavlinkMessageTable::compareWire));
            List<Getter> getters = new ArrayList<>();
            int offset = 0;
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            for (Method m : methods) {
                MavlinkFieldInfo info = m.getAnnotation(MavlinkFieldInfo.class);
                int length = info.unitSize() * Math.max(1, info.arraySize());
                try {
                    MethodHandle h = lookup.unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
                    getters.add(new Getter(h, offset, length, info.unitSize()));
                } catch (IllegalAccessException e) {
                    throw new MavlinkSerializationException(e);
                }
                offset += length;
            }
            if (offset > 255) {
                throw new IllegalStateException("payload of " + type.getName() + " is " + offset + " bytes");
            }
            return new Plan(offset, getters.toArray(new Getter[0]));
        }
    }

    private static void write(Object v, byte[] b, int from, int to, int unitSize) {
        if (v instanceof Integer i) {
            writeLong(i, b, from, to);
        } else if (v instanceof Long l) {
            writeLong(l, b, from, to);
        } else if (v instanceof BigInteger big) {
            writeLong(big.longValue(), b, from, to);
        } else if (v instanceof Float f) {
            requireSize(to - from, 4);
            writeLong(Float.floatToRawIntBits(f) & 0xFFFF_FFFFL, b, from, to);
        } else if (v instanceof Double d) {
            requireSize(to - from, 8);
            writeLong(Double.doubleToRawLongBits(d), b, from, to);
        } else if (v instanceof EnumValue<?> e) {
            writeLong(e.value(), b, from, to);
        } else if (v instanceof Enum<?> e) {
            writeLong(EnumValues.value(e), b, from, to);
        } else if (v instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(bytes, 0, b, from, Math.min(to - from, bytes.length));
        } else if (v instanceof byte[] bytes) {
            System.arraycopy(bytes, 0, b, from, Math.min(to - from, bytes.length));
        } else if (v instanceof List<?> list) {
            if (list.size() > (to - from) / unitSize) {
                throw new IllegalStateException("too many items in list");
            }
            int at = from;
            for (Object item : list) {
                if (item != null) {
                    write(item, b, at, at + unitSize, unitSize);
                }
                at += unitSize;
            }
        } else {
            throw new MavlinkSerializationException("cannot serialize " + v.getClass().getName());
        }
    }

    private static void requireSize(int size, int needed) {
        if (size != needed) {
            throw new IllegalArgumentException("field of " + size + " bytes for a " + needed + "-byte value");
        }
    }

    private static void writeLong(long v, byte[] b, int from, int to) {
        for (int i = from, shift = 0; i < to; i++, shift += 8) {
            b[i] = (byte) (v >> shift);
        }
    }
}
