/**
 * Keeping parameters across boots: {@link org.hoverla.core.param.persist.ParamFile} (the
 * vehicle's non-default values, replaced atomically, with a backup), the
 * {@link org.hoverla.core.param.persist.ParamPersistence} port the MAVLink parameter service
 * saves through, and QGroundControl's {@code .params} format. Boot and MAVLink threads only,
 * never the flight thread.
 */
package org.hoverla.core.param.persist;
