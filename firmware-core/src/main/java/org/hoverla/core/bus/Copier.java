package org.hoverla.core.bus;

/**
 * Copies every field of one message into another of the same type. Implementations must be
 * allocation-free; a method reference such as {@code ImuSample::copyFrom} qualifies
 * ({@code (dst, src) -> dst.copyFrom(src)}).
 */
@FunctionalInterface
public interface Copier<M> {
    void copy(M dst, M src);
}
