/**
 * Flood protection of the MAVLink links: per-link, per-message-class token buckets applied before
 * routing and delivery (docs/link-floods.md).
 */
package org.hoverla.core.mavlink.flood;
