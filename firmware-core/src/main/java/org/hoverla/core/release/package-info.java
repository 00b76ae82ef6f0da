/**
 * Releases: minisign-format Ed25519 signatures on the JDK ({@link org.hoverla.core.release.Minisign}), the release
 * manifest, reproducible tar bundles and version order.
 */
package org.hoverla.core.release;
