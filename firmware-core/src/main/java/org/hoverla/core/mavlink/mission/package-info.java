/**
 * The MAVLink mission protocol ({@link org.hoverla.core.mavlink.mission.MissionService}) for
 * missions, geofences and rally points, and the ports the integrator implements:
 * {@link org.hoverla.core.mavlink.mission.PlanValidator} (may a plan become active),
 * {@link org.hoverla.core.mavlink.mission.MissionRunner} (current item, plan changes) and
 * {@link org.hoverla.core.mavlink.mission.PlanStore} (persistence). Also the three message
 * classes with MAVLink 2 extension fields ({@code opaque_id}, plan ids) that
 * {@code io.dronefleet.mavlink} 1.1.11 lacks. MAVLink thread only.
 */
package org.hoverla.core.mavlink.mission;
