package org.hoverla.core.param.persist;

import java.util.List;

/**
 * What a parameter load did.
 *
 * @param source   where the values came from
 * @param applied  how many stored (non-default) values were applied
 * @param warnings one line each: unknown names, refused values, a corrupt file and the
 *                 fallback taken; empty when everything was clean
 */
public record LoadResult(Source source, int applied, List<String> warnings) {

    /** Where the values came from. */
    public enum Source {
        /** The parameter file. */
        FILE,
        /** The backup ({@code .bak}) because the file was missing or corrupt. */
        BACKUP,
        /** Nothing usable was stored (first boot, or file and backup both unusable). */
        DEFAULTS
    }

    public LoadResult {
        warnings = List.copyOf(warnings);
    }

    /** @return whether there is nothing to report */
    public boolean clean() {
        return warnings.isEmpty();
    }
}
