/**
 * Missions, geofence and rally points. A leaf module: it defines the small ports it needs
 * (vehicle position, home, landed, setpoint output) and imports no other Hoverla module.
 * The mission protocol, plan files and executor arrive with the missions issue.
 */
package org.hoverla.mission;
