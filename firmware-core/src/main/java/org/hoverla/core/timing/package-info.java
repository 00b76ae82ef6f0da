/**
 * Loop timing as a measured, published and enforced property: per-task period and execution
 * histograms recorded allocation-free on the flight thread, JVM pauses from the JVM's own
 * notifications, the pre-arm timing gate and the in-flight degradation order.
 */
package org.hoverla.core.timing;
