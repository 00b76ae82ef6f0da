/**
 * MAVLink message classes and constants that {@code io.dronefleet.mavlink} 1.1.11 lacks (the
 * standard-modes protocol: {@code AVAILABLE_MODES}, {@code CURRENT_MODE},
 * {@code AVAILABLE_MODES_MONITOR}, {@code MAV_STANDARD_MODE}, {@code MAV_MODE_PROPERTY},
 * {@code MAV_CMD_DO_SET_STANDARD_MODE}), written with the library's annotations so its
 * reflection serializer handles them, plus a {@link org.hoverla.core.mavlink.dialect.HoverlaDialect}
 * for decoding. Field lists and CRC_EXTRA follow common.xml of current MAVLink.
 */
package org.hoverla.core.mavlink.dialect;
