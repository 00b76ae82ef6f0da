package org.hoverla.sim.campaign;

/**
 * One slice of a campaign's run matrix: the runs whose global index {@code i} has
 * {@code i % count == index}. Striding (rather than contiguous blocks) gives every shard the
 * same mix of scenarios, parameter sets and winds, so shards take about the same time.
 *
 * @param index 0-based, {@code 0 <= index < count}
 * @param count number of shards, at least 1
 */
public record Shard(int index, int count) {
    /** The whole matrix. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + " is not I/N with 0 <= I < N");
        }
    }

    /**
     * Parses {@code I/N}.
     *
     * @throws CampaignInputException naming the text and the rule it breaks
     */
    public static Shard parse(String text) throws CampaignInputException {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1) {
            throw new CampaignInputException("--shard '" + text + "': expected I/N, e.g. 0/4");
        }
        int i;
        int n;
        try {
            i = Integer.parseInt(t.substring(0, slash).trim());
            n = Integer.parseInt(t.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new CampaignInputException("--shard '" + text + "': I and N must be whole numbers");
        }
        if (n < 1) {
            throw new CampaignInputException("--shard '" + text + "': N must be at least 1");
        }
        if (i < 0 || i >= n) {
            throw new CampaignInputException("--shard '" + text + "': I must be 0.." + (n - 1) + " (0-based) for N = " + n);
        }
        return new Shard(i, n);
    }

    /** Whether the run with global index {@code runIndex} belongs to this shard. */
    public boolean contains(long runIndex) {
        return runIndex % count == index;
    }

    /** How many of {@code total} runs this shard holds. */
    public long size(long total) {
        return total <= index ? 0 : (total - index + count - 1) / count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
