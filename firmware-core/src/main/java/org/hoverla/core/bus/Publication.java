package org.hoverla.core.bus;

/** The single writer handle of a {@link Topic}. Used by the thread that owns the topic. */
public final class Publication<M> {
    private final Topic<M> topic;

    Publication(Topic<M> topic) {
        this.topic = topic;
    }

    /** Copies {@code message} into the topic; readers see it from now on. Allocation-free. */
    public void publish(M message) {
        topic.write(message);
    }

    public Topic<M> topic() {
        return topic;
    }
}
