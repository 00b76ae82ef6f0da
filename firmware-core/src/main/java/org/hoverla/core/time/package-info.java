/**
 * Time sources. Flight code never calls {@code System.nanoTime()} directly; boot code picks a
 * {@link org.hoverla.core.time.Clock} ({@link org.hoverla.core.time.SystemClock} on hardware,
 * {@link org.hoverla.core.time.SimClock} in lockstep simulation and tests) and the scheduler
 * passes {@code nowNs} down to every task (DESIGN §2, §3).
 */
package org.hoverla.core.time;
