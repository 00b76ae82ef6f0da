/**
 * The MAVLink log protocol (LOG_REQUEST_LIST / LOG_ENTRY / LOG_REQUEST_DATA / LOG_DATA /
 * LOG_REQUEST_END / LOG_ERASE): flight logs downloaded by QGroundControl, MAVSDK and any other
 * ground station; see {@link org.hoverla.core.mavlink.log.LogService} and docs/log-download.md.
 */
package org.hoverla.core.mavlink.log;
