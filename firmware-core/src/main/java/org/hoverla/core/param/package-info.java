/**
 * Typed parameters (DESIGN §2): a {@link org.hoverla.core.param.ParamStore} built at boot
 * hands out {@link org.hoverla.core.param.FloatParam} and
 * {@link org.hoverla.core.param.IntParam} handles with name, default, range, unit and
 * description, in the manner of PX4's parameter definitions. Values are validated on write
 * (NaN, infinity, range, type) and read allocation-free from the flight thread.
 */
package org.hoverla.core.param;
