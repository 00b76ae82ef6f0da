package org.hoverla.sim.campaign;

/**
 * A campaign's input is wrong: its spec (the message names the file, the line and the key), a
 * shard, or a set of shard outputs to merge. Raised before any flight is flown; the command
 * prints the message as one line and exits with status 2.
 */
public final class CampaignInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public CampaignInputException(String message) {
        super(message);
    }
}
