/**
 * The flight loop: a table of {@link org.hoverla.core.sched.FlightTask}s
 * ({@link org.hoverla.core.sched.TaskTable}) run at their rates by a
 * {@link org.hoverla.core.sched.LoopScheduler}, either stepped by the caller (invoker mode:
 * lockstep simulator, tests) or by a {@link org.hoverla.core.sched.DedicatedLoopRunner} on its
 * own thread (dedicated mode). See DESIGN §2, §3, §5 and §9.
 */
package org.hoverla.core.sched;
