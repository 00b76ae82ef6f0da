/**
 * Geofence and rally points: {@link org.hoverla.mission.fence.Geofence} (inclusion/exclusion
 * polygons and circles of a plan's FENCE items, altitude band, breach prediction, leg checks),
 * {@link org.hoverla.mission.fence.RallyPoints} (nearest safe point vs home),
 * {@link org.hoverla.mission.fence.FenceAction} (PX4 {@code GF_ACTION}) and the local projection
 * they share. Pure: no threads, no I/O; queries are allocation-free for the flight thread.
 */
package org.hoverla.mission.fence;
