/**
 * Pure sensor-frontend algorithms (no bus, HAL, clock or parameters): health and quality
 * figures computed from raw samples on the flight thread, allocation-free.
 */
package org.hoverla.core.sensors;
