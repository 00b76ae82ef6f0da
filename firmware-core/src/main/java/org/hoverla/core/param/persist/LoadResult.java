package org.hoverla.core.param.persist;

import java.util.List;

/**
 * What a parameter load did.
 *
 * @param source   where the values came from
 * @param applied  how many stored (non-default) values were applied
 * @param warnings one line each: unknown names, refused values, a corrupt file and the
 *                 fallback taken, schema migrations; empty when everything was clean
 * @param fileSchema the schema number in the header of the file the values came from
 *                 ({@link ParamSchema}); 0 when no file was read (defaults)
 * @param changes  what the schema migration changed ({@link ParamSchema.Change}, one per
 *                 rule applied, in file order); empty for a file of today's schema
 */
public record LoadResult(Source source, int applied, List<String> warnings, int fileSchema,
                         List<ParamSchema.Change> changes) {

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
        changes = List.copyOf(changes);
    }

    /** A load that read no file or changed nothing by migration. */
    public LoadResult(Source source, int applied, List<String> warnings) {
        this(source, applied, warnings, 0, List.of());
    }

    /** @return whether the file is of a newer schema than this build reads (a downgrade) */
    public boolean newerSchema() {
        return fileSchema > ParamSchema.CURRENT;
    }

    /** @return the migration report: one line per change, {@link ParamSchema.Change#text()} */
    public List<String> report() {
        List<String> lines = new java.util.ArrayList<>();
        for (ParamSchema.Change c : changes) {
            lines.add((c.line() > 0 ? "line " + c.line() + ": " : "") + c.text());
        }
        return lines;
    }

    /** @return whether there is nothing to report */
    public boolean clean() {
        return warnings.isEmpty();
    }
}
