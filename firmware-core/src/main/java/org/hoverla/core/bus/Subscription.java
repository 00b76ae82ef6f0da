package org.hoverla.core.bus;

/**
 * A reader of a {@link Topic} that remembers the generation it last copied. One subscription
 * belongs to one thread.
 */
public final class Subscription<M> {
    private final Topic<M> topic;
    private long lastGeneration;

    Subscription(Topic<M> topic) {
        this.topic = topic;
    }

    /** True when a publication happened since this subscription last copied. */
    public boolean updated() {
        return topic.generation() != lastGeneration;
    }

    /**
     * Copies the newest message into dst only when it changed since the last copy.
     *
     * @return true when dst was written
     */
    public boolean update(M dst) {
        if (topic.generation() == lastGeneration) {
            return false;
        }
        lastGeneration = topic.read(dst);
        return true;
    }

    /**
     * Copies the newest message into dst regardless of change.
     *
     * @return true when anything was ever published
     */
    public boolean copy(M dst) {
        lastGeneration = topic.read(dst);
        return lastGeneration != 0L;
    }

    public Topic<M> topic() {
        return topic;
    }
}
