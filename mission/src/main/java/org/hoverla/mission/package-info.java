/**
 * Missions, geofence and rally points: the plan model ({@link org.hoverla.mission.MissionItem},
 * {@link org.hoverla.mission.MissionPlan}), plan files, validation, geofence geometry and the
 * executor's runners. A leaf module: it imports no other Hoverla module and defines the small
 * ports it needs (vehicle position, home, landed, setpoint output), which firmware-core adapts.
 */
package org.hoverla.mission;
