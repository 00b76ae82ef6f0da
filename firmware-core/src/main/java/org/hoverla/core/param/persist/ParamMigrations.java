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
     * @return the converted entry, or {@code null} when the entry needs no conversion
     */
    public static Migrated migrate(String name, double value, int fileFormat) {
        boolean legacyFile = fileFormat == LEGACY_FILE_FORMAT;
        switch (name) {
            case "COM_DLL_ACT":
                // Hoverla's 0 none, 1 hold, 2 return, 3 land are PX4 NAV_DLL_ACT's values.
                return renamed(name, "NAV_DLL_ACT", value);
            case "MPC_XY_VEL_P":
            case "MPC_XY_VEL_I":
            case "MPC_XY_VEL_D":
            case "MPC_Z_VEL_P":
            case "MPC_Z_VEL_I":
            case "MPC_Z_VEL_D":
                // Hoverla's gains were already acceleration per velocity error, PX4 1.12+'s *_ACC.
                return renamed(name, name + "_ACC", value);
            case "MPC_LAND_ALT1":
                // Hoverla's meaning (land speed below it) is PX4's MPC_LAND_ALT2.
                return renamed(name, "MPC_LAND_ALT2", value);
            case "CA_AIRFRAME": {
                int autostart = value == 0 ? 4001 : value == 1 ? 5001 : value == 2 ? 6001 : -1;
                if (autostart < 0) {
                    return null;
                }
                return new Migrated("SYS_AUTOSTART", autostart,
                        "CA_AIRFRAME " + fmt(value) + " is now SYS_AUTOSTART " + autostart + " (PX4 airframe id)");
            }
            case "COM_POS_FS_ACT":
                // Hoverla had 0 land, 1 altitude: PX4 COM_POSCTL_NAVL has them the other way round.
                if (value == 0 || value == 1) {
                    return new Migrated("COM_POSCTL_NAVL", 1 - value,
                            "COM_POS_FS_ACT " + fmt(value) + " is now COM_POSCTL_NAVL " + fmt(1 - value)
                                    + " (PX4 meanings: 0 altitude, 1 land)");
                }
                return null;
            case "COM_DL_LOSS_T":
                if (value != Math.rint(value) && Double.isFinite(value)) {
                    double whole = Math.ceil(value);
                    return new Migrated(name, whole, "COM_DL_LOSS_T is whole seconds (PX4 INT32): "
                            + fmt(value) + " rounded up to " + fmt(whole));
                }
                return null;
            case "COM_OBL_ACT":
                if (legacyFile) {
                    // Old: 0 hold, 1 land, 2 return, 3 position. PX4: 0 land, 1 hold, 2 return.
                    double px4 = value == 0 ? 1 : value == 1 ? 0 : value == 2 ? 2 : value == 3 ? 1 : value;
                    return new Migrated(name, px4, "COM_OBL_ACT " + fmt(value) + " (old meaning"
                            + (value == 3 ? ": position mode, which needs a pilot; now hold" : "")
                            + ") is now " + fmt(px4) + " (PX4 meanings: 0 land, 1 hold, 2 return)");
                }
                return null;
            case "GF_ACTION":
                if (legacyFile && value == 4) {
                    return new Migrated(name, 5, "GF_ACTION 4 (Hoverla's terminate, which landed) is now 5 (land):"
                            + " PX4's 4 cuts the motors");
                }
                return null;
            default:
                return null;
        }
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
        if (fileFormat != LEGACY_FILE_FORMAT) {
            return java.util.List.of();
        }
        switch (name) {
            case "MC_ROLL_P":
                return java.util.List.of(new Migrated("MC_PITCH_P", value,
                        "MC_ROLL_P set roll and pitch; MC_PITCH_P now sets pitch: both " + fmt(value)));
            case "MC_ROLLRATE_MAX":
                return java.util.List.of(new Migrated("MC_PITCHRATE_MAX", value,
                        "MC_ROLLRATE_MAX limited roll and pitch; MC_PITCHRATE_MAX now limits pitch: both " + fmt(value)));
            default:
                return java.util.List.of();
        }
    }

    private static Migrated renamed(String oldName, String newName, double value) {
        return new Migrated(newName, value, oldName + " is now " + newName + " (PX4 name)");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
