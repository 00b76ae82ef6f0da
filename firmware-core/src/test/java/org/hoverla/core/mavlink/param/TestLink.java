package org.hoverla.core.mavlink.param;

import org.hoverla.core.mavlink.MavlinkLink;

/** Private copy of the shared test link (see {@link RecordingOutput}). */
record TestLink(int id, String name) implements MavlinkLink {
}
