package org.hoverla.core.param.persist;

/**
 * The parameter schema this build reads and writes: the number in the parameter file's header
 * ({@code # hoverla-params N}) and in a release manifest's {@code param_schema}. A change of a
 * parameter's name, meaning or range raises it, with a {@link ParamMigrations} entry that carries
 * older files forward.
 */
public final class ParamSchema {
    /** Today's schema. */
    public static final int CURRENT = 2;

    private ParamSchema() {
    }
}
