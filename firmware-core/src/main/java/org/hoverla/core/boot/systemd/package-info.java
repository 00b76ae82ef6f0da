/**
 * The vehicle runtime's side of systemd: the {@code sd_notify} protocol (READY, WATCHDOG, STATUS,
 * STOPPING) and the watchdog feeder that keys its feeding to the flight loop's health.
 */
package org.hoverla.core.boot.systemd;
