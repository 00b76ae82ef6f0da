/**
 * Who may talk to the vehicle: link trust, MAVLink 2 signing and command authority
 * (docs/link-security.md). Everything here runs on the MAVLink thread unless a class says otherwise.
 */
package org.hoverla.core.mavlink.security;
