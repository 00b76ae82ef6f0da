package org.hoverla.core.boot;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Resolves, on the boot thread, the string literals in the constant pools of the flight classes and
 * of every loaded class they reach, so the flight thread never creates them.
 *
 * <p>Why: before HotSpot queues a C2 compilation, the thread whose call or loop counter overflowed
 * resolves every string constant of the method's class ({@code CompileBroker::compile_method} calls
 * {@code resolve_string_constants}). On the flight thread that creates a {@code String} and its
 * {@code byte[]} per unresolved literal, minutes into a flight when a method first gets hot enough
 * (the real-time SITL saw 88 B at 3 s and 368 B at 35 s, attributed by JFR to
 * {@code MotorCommandChannel.write}, {@code DedicatedLoopRunner.loop} and
 * {@code AtomicLongFieldUpdater$CASUpdater.getAndAdd}). A literal resolved once stays resolved, so
 * resolving them all at boot leaves the compiler nothing to create.
 *
 * <p>How: {@code jdk.internal.reflect.ConstantPool#getStringAt} resolves an entry exactly as
 * {@code ldc} does. Neither package is exported, so the jars' manifests carry
 * {@code Add-Exports: java.base/jdk.internal.access} and {@code Add-Opens:
 * java.base/jdk.internal.reflect} (the tag is read through the private native, see {@link Access});
 * run without them (from a class path), this reports itself unavailable and nothing else changes:
 * the flight thread then creates those few hundred bytes itself, once.
 *
 * <p>Reach: from the given classes through every class entry whose class is already loaded
 * ({@code getClassAtIfLoaded}: nothing new is loaded), transitively, which covers the JDK and
 * library classes the flight code calls (HdrHistogram, the atomic field updaters, the math classes).
 * Each class walked is linked first (never initialised).
 *
 * <p>Threads: boot thread only. Allocates freely.
 */
public final class ConstantPoolStrings {

    /**
     * What one resolution did.
     *
     * @param available   whether the JDK's constant-pool access was usable
     * @param reason      why not, when not available; empty otherwise
     * @param classes     classes whose constant pools were walked
     * @param strings     string entries resolved
     */
    public record Result(boolean available, String reason, int classes, int strings) {
    }

    private ConstantPoolStrings() {
    }

    /** Resolves the string constants of {@code roots} and every loaded class they reach. */
    public static Result resolveReachable(Collection<Class<?>> roots) {
        Access access;
        try {
            access = Access.open();
        } catch (Throwable e) {
            return new Result(false, "no access to the JDK's constant pools (" + e.getClass().getSimpleName()
                    + "); run from the jar, whose manifest exports jdk.internal.access and opens jdk.internal.reflect", 0, 0);
        }
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (Class<?> c : roots) {
            if (c != null && !c.isPrimitive() && !c.isArray() && seen.add(c)) {
                todo.add(c);
            }
        }
        int classes = 0;
        int strings = 0;
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            Object pool;
            int size;
            try {
                // A loaded class may not be linked yet, and an unlinked class's pool has no cache to
                // resolve into (HotSpot crashes in ConstantPool::cp_to_object_index). Reflecting on
                // the fields links it (JVM_GetClassDeclaredFields) without initialising it.
                c.getDeclaredFields();
                pool = access.poolOf(c);
                if (pool == null) {
                    continue;
                }
                size = access.size(pool);
            } catch (Throwable e) {
                continue; // a class without a usable pool (hidden or synthetic): nothing to resolve
            }
            classes++;
            for (int i = 1; i < size; i++) {
                try {
                    byte tag = access.tag(pool, i);
                    if (access.isString(tag)) {
                        access.string(pool, i);
                        strings++;
                    } else if (access.isClass(tag)) {
                        Class<?> ref = access.classIfLoaded(pool, i);
                        while (ref != null && ref.isArray()) {
                            ref = ref.getComponentType();
                        }
                        if (ref != null && !ref.isPrimitive() && seen.add(ref)) {
                            todo.add(ref);
                        }
                    }
                } catch (Throwable e) {
                    // an entry that cannot be read (the second slot of a long, an invalid index): skip
                }
            }
        }
        return new Result(true, "", classes, strings);
    }

    /**
     * Method handles on {@code jdk.internal.reflect.ConstantPool}, typed to {@code Object} so they can
     * be invoked exactly: a walk makes about a million calls, and {@code Method.invoke}'s boxing
     * made garbage per call.
     */
    private static final class Access {
        private final Object javaLangAccess;
        private final MethodHandle getConstantPool;
        private final MethodHandle getSize;
        private final MethodHandle getTagAt;
        private final MethodHandle getStringAt;
        private final MethodHandle getClassAtIfLoaded;
        /** JVM_CONSTANT_Class and JVM_CONSTANT_String (JVMS §4.4). */
        private static final byte TAG_CLASS = 7;
        private static final byte TAG_STRING = 8;

        private Access(Object javaLangAccess, MethodHandle getConstantPool, MethodHandle getSize, MethodHandle getTagAt,
                MethodHandle getStringAt, MethodHandle getClassAtIfLoaded) {
            this.javaLangAccess = javaLangAccess;
            this.getConstantPool = getConstantPool;
            this.getSize = getSize;
            this.getTagAt = getTagAt;
            this.getStringAt = getStringAt;
            this.getClassAtIfLoaded = getClassAtIfLoaded;
        }

        static Access open() throws Throwable {
            Class<?> secrets = Class.forName("jdk.internal.access.SharedSecrets");
            Object jla = secrets.getMethod("getJavaLangAccess").invoke(null);
            Class<?> jlaType = Class.forName("jdk.internal.access.JavaLangAccess");
            Class<?> poolType = Class.forName("jdk.internal.reflect.ConstantPool");
            MethodHandles.Lookup pool = MethodHandles.privateLookupIn(poolType, MethodHandles.lookup());
            // The raw natives: the public getTagAt maps the tag byte through Tag.valueOf, which clones
            // Tag.values() per entry (~70 MB of boot garbage over a walk).
            MethodHandle oop = pool.findGetter(poolType, "constantPoolOop", Object.class)
                    .asType(MethodType.methodType(Object.class, Object.class));
            MethodHandle tagAt0 = pool.findVirtual(poolType, "getTagAt0",
                    MethodType.methodType(byte.class, Object.class, int.class));
            Access a = new Access(jla,
                    MethodHandles.lookup().unreflect(jlaType.getMethod("getConstantPool", Class.class))
                            .asType(MethodType.methodType(Object.class, Object.class, Class.class)),
                    pool.findVirtual(poolType, "getSize", MethodType.methodType(int.class))
                            .asType(MethodType.methodType(int.class, Object.class)),
                    MethodHandles.filterArguments(tagAt0, 1, oop).asType(
                            MethodType.methodType(byte.class, Object.class, Object.class, int.class)),
                    pool.findVirtual(poolType, "getStringAt", MethodType.methodType(String.class, int.class))
                            .asType(MethodType.methodType(String.class, Object.class, int.class)),
                    pool.findVirtual(poolType, "getClassAtIfLoaded", MethodType.methodType(Class.class, int.class))
                            .asType(MethodType.methodType(Class.class, Object.class, int.class)));
            a.poolOf(Access.class); // fails here, not per class, when the packages are not exported
            return a;
        }

        Object poolOf(Class<?> c) throws Throwable {
            return (Object) getConstantPool.invokeExact(javaLangAccess, c);
        }

        int size(Object pool) throws Throwable {
            return (int) getSize.invokeExact(pool);
        }

        boolean isString(byte tag) {
            return tag == TAG_STRING;
        }

        boolean isClass(byte tag) {
            return tag == TAG_CLASS;
        }

        /** The JVM's tag byte; a resolved or unresolved class entry both read as {@link #TAG_CLASS}. */
        byte tag(Object pool, int i) throws Throwable {
            return (byte) getTagAt.invokeExact(pool, pool, i);
        }

        void string(Object pool, int i) throws Throwable {
            String unused = (String) getStringAt.invokeExact(pool, i);
        }

        Class<?> classIfLoaded(Object pool, int i) throws Throwable {
            return (Class<?>) getClassAtIfLoaded.invokeExact(pool, i);
        }
    }
}
