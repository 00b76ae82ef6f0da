package org.hoverla.core.mavlink.link;

import io.dronefleet.mavlink.annotations.MavlinkFieldInfo;
import io.dronefleet.mavlink.annotations.MavlinkMessageBuilder;
import io.dronefleet.mavlink.serialization.MavlinkSerializationException;
import io.dronefleet.mavlink.serialization.payload.MavlinkPayloadDeserializer;
import io.dronefleet.mavlink.util.EnumValue;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The library's {@code ReflectionPayloadDeserializer}, decoding to the same objects, with the
 * reflection done once per message class instead of once per message: the builder factory and
 * the builder's field setters (as method handles) in wire order, each with its offset, size,
 * signedness and kind, are cached in a {@link ClassValue}; enum fields come from
 * {@link EnumValues} instead of the library's per-call scan of the enum's fields.
 *
 * <p>Semantics copied from io.dronefleet.mavlink 1.1.11 (integers little-endian, signed ones
 * sign-extended; {@code char[]} up to the first NUL as UTF-8; {@code uint64} as
 * {@link BigInteger} or {@code long} by the setter's type; arrays as unmodifiable lists); the
 * equivalence over every message of the common dialect is a test
 * ({@code CachedPayloadDeserializerTest}). The payload must be zero-extended to the message's
 * full length, as {@link MavlinkMessageDecoder} does. Thread-safe.
 */
public final class CachedPayloadDeserializer implements MavlinkPayloadDeserializer {

    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return Plan.of(type);
        }
    };

    @Override
    @SuppressWarnings("unchecked")
    public <T> T deserialize(byte[] payload, Class<T> messageType) {
        Plan plan = PLANS.get(messageType);
        try {
            Object builder = plan.builder.invoke();
            for (FieldPlan f : plan.fields) {
                f.setter.invoke(builder, f.read(payload));
            }
            return (T) plan.build.invoke(builder);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new MavlinkSerializationException(t);
        }
    }

    private enum Kind { INT, LONG, FLOAT, DOUBLE, STRING, BYTES, BIGINT, ENUM, LIST, UNSUPPORTED }

    private record Plan(MethodHandle builder, MethodHandle build, FieldPlan[] fields) {
        static Plan of(Class<?> type) {
            try {
                Method factory = Arrays.stream(type.getMethods())
                        .filter(m -> m.isAnnotationPresent(MavlinkMessageBuilder.class)
                                && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0)
                        .findFirst()
                        .orElseThrow(() -> new MavlinkSerializationException(type.getName() + " has no builder"));
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> builderType = factory.getReturnType();
                MethodHandle newBuilder = lookup.unreflect(factory).asType(MethodType.methodType(Object.class));
                MethodHandle build = lookup.unreflect(builderType.getMethod("build"))
                        .asType(MethodType.methodType(Object.class, Object.class));
                List<Method> setters = new ArrayList<>();
                for (Method m : builderType.getMethods()) {
                    if (m.isAnnotationPresent(MavlinkFieldInfo.class) && m.getParameterCount() == 1) {
                        setters.add(m);
                    }
                }
                setters.sort(Comparator.comparing((Method m) -> m.getAnnotation(MavlinkFieldInfo.class),
                        MavlinkMessageTable::compareWire));
                List<FieldPlan> fields = new ArrayList<>();
                int offset = 0;
                for (Method m : setters) {
                    MavlinkFieldInfo info = m.getAnnotation(MavlinkFieldInfo.class);
                    int length = info.unitSize() * Math.max(1, info.arraySize());
                    Type param = m.getGenericParameterTypes()[0];
                    MethodHandle setter = lookup.unreflect(m)
                            .asType(MethodType.methodType(void.class, Object.class, Object.class));
                    fields.add(FieldPlan.of(setter, param, offset, length, info));
                    offset += length;
                }
                return new Plan(newBuilder, build, fields.toArray(new FieldPlan[0]));
            } catch (ReflectiveOperationException e) {
                throw new MavlinkSerializationException(e);
            }
        }
    }

    /** One builder setter and where its value lies in the payload. */
    private record FieldPlan(MethodHandle setter, int offset, int length, int unitSize, boolean signed, Kind kind,
                             Kind elementKind, Class<?> enumType) {

        static FieldPlan of(MethodHandle setter, Type param, int offset, int length, MavlinkFieldInfo info) {
            Kind kind = kindOf(param);
            Kind element = Kind.UNSUPPORTED;
            if (kind == Kind.LIST) {
                element = kindOf(((ParameterizedType) param).getActualTypeArguments()[0]);
            }
            return new FieldPlan(setter, offset, length, info.unitSize(), info.signed(), kind, element, info.enumType());
        }

        Object read(byte[] payload) {
            // The library hands each field a copy of its bytes, cut at the payload's end.
            int end = Math.min(payload.length, offset + length);
            switch (kind) {
                case LIST:
                    return list(payload, end);
                case STRING:
                    return string(payload, end);
                case BYTES:
                    return Arrays.copyOfRange(payload, offset, Math.max(offset, end));
                case BIGINT:
                    return bigInt(payload, end);
                default:
                    return scalar(kind, payload, offset, end);
            }
        }

        private Object scalar(Kind k, byte[] p, int from, int to) {
            switch (k) {
                case INT:
                    return (int) integer(p, from, to, signed);
                case LONG:
                    return integer(p, from, to, signed);
                case FLOAT:
                    return Float.intBitsToFloat((int) integer(p, from, from + 4, false));
                case DOUBLE:
                    return Double.longBitsToDouble(integer(p, from, from + 8, false));
                case ENUM:
                    return EnumValues.of(asEnum(enumType), (int) integer(p, from, to, signed));
                default:
                    return null;
            }
        }

        private List<Object> list(byte[] p, int end) {
            List<Object> out = new ArrayList<>(Math.max(0, end - offset) / unitSize);
            for (int i = offset; i < end; i += unitSize) {
                out.add(scalar(elementKind, p, i, Math.min(end, i + unitSize)));
            }
            return Collections.unmodifiableList(out);
        }

        private String string(byte[] p, int end) {
            for (int i = offset; i < end; i++) {
                if (p[i] == 0) {
                    return new String(p, offset, i - offset, StandardCharsets.UTF_8);
                }
            }
            return new String(p, offset, Math.max(0, end - offset), StandardCharsets.UTF_8);
        }

        private BigInteger bigInt(byte[] p, int end) {
            byte[] b = Arrays.copyOfRange(p, offset, Math.max(offset, end));
            for (int i = 0; i < b.length / 2; i++) {
                byte t = b[i];
                b[i] = b[b.length - 1 - i];
                b[b.length - 1 - i] = t;
            }
            return new BigInteger(b);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Enum> asEnum(Class<?> type) {
        return (Class<Enum>) type;
    }

    /** Little-endian integer from {@code p[from, to)}; sign-extended as the library does. */
    static long integer(byte[] p, int from, int to, boolean signed) {
        long v = 0;
        int end = Math.min(p.length, to);
        for (int i = from; i < end; i++) {
            v |= (long) (p[i] & 0xFF) << ((i - from) * 8);
        }
        if (signed) {
            int bits = (to - from) * 8 - 1;
            if ((v >> bits) == 1) {
                v |= -1L << bits;
            }
        }
        return v;
    }

    private static Kind kindOf(Type t) {
        if (t instanceof Class<?> c) {
            if (c == int.class || c == Integer.class) {
                return Kind.INT;
            }
            if (c == long.class || c == Long.class) {
                return Kind.LONG;
            }
            if (c == float.class || c == Float.class) {
                return Kind.FLOAT;
            }
            if (c == double.class || c == Double.class) {
                return Kind.DOUBLE;
            }
            if (c == String.class) {
                return Kind.STRING;
            }
            if (c == byte[].class) {
                return Kind.BYTES;
            }
            if (c == BigInteger.class) {
                return Kind.BIGINT;
            }
            return Kind.UNSUPPORTED;
        }
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            if (EnumValue.class.isAssignableFrom(raw)) {
                return Kind.ENUM;
            }
            if (List.class.isAssignableFrom(raw)) {
                return Kind.LIST;
            }
        }
        return Kind.UNSUPPORTED;
    }
}
