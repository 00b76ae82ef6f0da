/**
 * Field updates: the A/B install of a signed release bundle under a root ({@link org.hoverla.core.update.UpdateLayout}),
 * its state ({@link org.hoverla.core.update.UpdateState}), the boot check that commits a new version or rolls it back,
 * and the trust list of release keys.
 */
package org.hoverla.core.update;
