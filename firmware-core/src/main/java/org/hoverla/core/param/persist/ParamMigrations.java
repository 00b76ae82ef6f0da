package org.hoverla.core.param.persist;

/**
 * Parameters renamed or re-meant since older Hoverla versions, so that their parameter files
 * and QGC {@code .params} exports still load: each old entry goes to its new name with its
 * value converted, and the loader reports a warning naming both. The renames gave Hoverla's
 * settings PX4's names and value meanings where PX4 has the same setting (docs/px4-parameters.md).
 *
 * <p>Two kinds of entry:
 * <ul>
 *   <li>a name that no longer exists (e.g. {@code COM_DLL_ACT}): converted whatever the file;</li>
 *   <li>a name kept with new value meanings ({@code COM_OBL_ACT}, {@code GF_ACTION}): converted
 *       only in Hoverla parameter files of format 1, the last one with the old meanings. A QGC
 *       {@code .params} file carries no such version, so there these are read with PX4's
 *       (today's) meanings.</li>
 * </ul>
 * The conversions are rules of {@link ParamSchema#TABLE} (step 1 → 2, {@link #schema1To2()});
 * {@link #migrate} and {@link #implied} look one entry up there, for the QGC import.
 * Stateless; any thread.
 */
public final class ParamMigrations {

    /** Parameter-file format that still had the old names and meanings. */
    public static final int LEGACY_FILE_FORMAT = 1;
    /** A file whose format is not known (a QGC {@code .params} import). */
    public static final int UNKNOWN_FORMAT = 0;

    private ParamMigrations() {
    }

    /** An old entry converted: the name and value to load, and why. */
    public record Migrated(String name, double value, String note) {
    }

    /**
     * @param name       the name as written in the file
     * @param value      the value as written
     * @param fileFormat {@link #LEGACY_FILE_FORMAT}, the current format, or {@link #UNKNOWN_FORMAT}
     * @return the converted entry (its name null when the parameter was removed), or {@code null}
     *         when the entry needs no conversion
     */
    public static Migrated migrate(String name, double value, int fileFormat) {
        ParamSchema.Out o = ParamSchema.TABLE.migrate(name, value, fileFormat, 0, new java.util.ArrayList<>());
        return o == null ? null : new Migrated(o.name(), o.value(), o.why());
    }

    /**
     * Entries an old entry implies besides itself: in a format-1 file {@code MC_ROLL_P} and
     * {@code MC_ROLLRATE_MAX} also set pitch (Hoverla had one roll-and-pitch value; PX4 has
     * {@code MC_PITCH_P} and {@code MC_PITCHRATE_MAX}). Applied only where the file does not set
     * the implied name itself.
     *
     * @return the implied entries, empty for most
     */
    public static java.util.List<Migrated> implied(String name, double value, int fileFormat) {
        java.util.List<Migrated> out = new java.util.ArrayList<>();
        for (ParamSchema.Out o : ParamSchema.TABLE.implied(name, value, fileFormat, 0, new java.util.ArrayList<>())) {
            out.add(new Migrated(o.name(), o.value(), o.why()));
        }
        return out;
    }

    /**
     * The rules of schema 1 → 2 for {@link ParamSchema#TABLE}: the renames to PX4's names (any
     * file: an old name never comes back), the re-meant values (format-1 files only) and
     * {@code COM_DL_LOSS_T}'s new whole-seconds range (any file: rounding up is idempotent).
     */
    static java.util.List<ParamSchema.Rule> schema1To2() {
        java.util.List<ParamSchema.Rule> rules = new java.util.ArrayList<>();
        // Hoverla's 0 none, 1 hold, 2 return, 3 land are PX4 NAV_DLL_ACT's values.
        rules.add(rename("COM_DLL_ACT", "NAV_DLL_ACT"));
        // Hoverla's gains were already acceleration per velocity error, PX4 1.12+'s *_ACC.
        for (String n : new String[] {"MPC_XY_VEL_P", "MPC_XY_VEL_I", "MPC_XY_VEL_D", "MPC_Z_VEL_P", "MPC_Z_VEL_I",
                "MPC_Z_VEL_D"}) {
            rules.add(rename(n, n + "_ACC"));
        }
        // Hoverla's meaning (land speed below it) is PX4's MPC_LAND_ALT2.
        rules.add(rename("MPC_LAND_ALT1", "MPC_LAND_ALT2"));
        rules.add(new ParamSchema.Rule(ParamSchema.Kind.RENAMED, "CA_AIRFRAME", true, (n, value) -> {
            int autostart = value == 0 ? 4001 : value == 1 ? 5001 : value == 2 ? 6001 : -1;
            return autostart < 0 ? null : new ParamSchema.Out("SYS_AUTOSTART", autostart,
                    "CA_AIRFRAME " + fmt(value) + " is now SYS_AUTOSTART " + autostart + " (PX4 airframe id)");
        }, null));
        // Hoverla had 0 land, 1 altitude: PX4 COM_POSCTL_NAVL has them the other way round.
        rules.add(new ParamSchema.Rule(ParamSchema.Kind.RENAMED, "COM_POS_FS_ACT", true, (n, value) ->
                value == 0 || value == 1 ? new ParamSchema.Out("COM_POSCTL_NAVL", 1 - value,
                        "COM_POS_FS_ACT " + fmt(value) + " is now COM_POSCTL_NAVL " + fmt(1 - value)
                                + " (PX4 meanings: 0 altitude, 1 land)") : null, null));
        rules.add(new ParamSchema.Rule(ParamSchema.Kind.RERANGED, "COM_DL_LOSS_T", true, (n, value) -> {
            if (value != Math.rint(value) && Double.isFinite(value)) {
                double whole = Math.ceil(value);
                return new ParamSchema.Out(n, whole, "COM_DL_LOSS_T is whole seconds (PX4 INT32): "
                        + fmt(value) + " rounded up to " + fmt(whole));
            }
            return null;
        }, null));
        // Old: 0 hold, 1 land, 2 return, 3 position. PX4: 0 land, 1 hold, 2 return.
        rules.add(new ParamSchema.Rule(ParamSchema.Kind.REMEANT, "COM_OBL_ACT", false, (n, value) -> {
            double px4 = value == 0 ? 1 : value == 1 ? 0 : value == 2 ? 2 : value == 3 ? 1 : value;
            return new ParamSchema.Out(n, px4, "COM_OBL_ACT " + fmt(value) + " (old meaning"
                    + (value == 3 ? ": position mode, which needs a pilot; now hold" : "")
                    + ") is now " + fmt(px4) + " (PX4 meanings: 0 land, 1 hold, 2 return)");
        }, null));
        rules.add(new ParamSchema.Rule(ParamSchema.Kind.REMEANT, "GF_ACTION", false, (n, value) ->
                value == 4 ? new ParamSchema.Out(n, 5, "GF_ACTION 4 (Hoverla's terminate, which landed) is now 5 (land):"
                        + " PX4's 4 cuts the motors") : null, null));
        // One roll-and-pitch value became two: the old value now sets roll, and pitch too.
        rules.add(new ParamSchema.Rule(ParamSchema.Kind.REMEANT, "MC_ROLL_P", false, (n, v) -> null,
                (n, value) -> new ParamSchema.Out("MC_PITCH_P", value,
                        "MC_ROLL_P set roll and pitch; MC_PITCH_P now sets pitch: both " + fmt(value))));
        rules.add(new ParamSchema.Rule(ParamSchema.Kind.REMEANT, "MC_ROLLRATE_MAX", false, (n, v) -> null,
                (n, value) -> new ParamSchema.Out("MC_PITCHRATE_MAX", value,
                        "MC_ROLLRATE_MAX limited roll and pitch; MC_PITCHRATE_MAX now limits pitch: both " + fmt(value))));
        return rules;
    }

    private static ParamSchema.Rule rename(String oldName, String newName) {
        return ParamSchema.Rule.renamed(oldName, newName, oldName + " is now " + newName + " (PX4 name)");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
