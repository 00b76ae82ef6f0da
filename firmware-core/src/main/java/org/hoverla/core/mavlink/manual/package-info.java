/** Manual control from a ground station's joystick (MAVLink MANUAL_CONTROL). MAVLink thread. */
package org.hoverla.core.mavlink.manual;
