package org.hoverla.mission.plan;

/**
 * A plan file that cannot be read or written. The message is one line naming the file, the item
 * (when one is to blame) and why, e.g. {@code "a.plan: mission item 3: latitude is NaN"}.
 */
public final class PlanFileException extends Exception {
    private static final long serialVersionUID = 1L;

    /** No particular item is to blame. */
    public static final int NO_ITEM = -1;

    private final String file;
    private final String itemLabel;
    private final int itemIndex;
    private final String reason;

    /**
     * @param file      the file name as the user gave it
     * @param itemLabel what the index counts ("mission item", "fence item", "line", ...), or null
     * @param itemIndex the index, or {@link #NO_ITEM}
     * @param reason    why, one line
     */
    public PlanFileException(String file, String itemLabel, int itemIndex, String reason) {
        super(format(file, itemLabel, itemIndex, reason));
        this.file = file;
        this.itemLabel = itemLabel;
        this.itemIndex = itemIndex;
        this.reason = reason;
    }

    public PlanFileException(String file, String reason) {
        this(file, null, NO_ITEM, reason);
    }

    private static String format(String file, String label, int index, String reason) {
        String oneLine = reason.replace('\n', ' ').replace('\r', ' ');
        if (label == null || index == NO_ITEM) {
            return file + ": " + oneLine;
        }
        return file + ": " + label + " " + index + ": " + oneLine;
    }

    public String file() {
        return file;
    }

    /** What {@link #itemIndex()} counts, e.g. "mission item" or "line"; null if no item is to blame. */
    public String itemLabel() {
        return itemLabel;
    }

    /** The index of the item to blame, or {@link #NO_ITEM}. */
    public int itemIndex() {
        return itemIndex;
    }

    public String reason() {
        return reason;
    }
}
