package org.hoverla.core.mavlink;

/** Test double for {@link MavlinkLink}: a plain value with an id and a name. */
public record TestLink(int id, String name) implements MavlinkLink {
}
