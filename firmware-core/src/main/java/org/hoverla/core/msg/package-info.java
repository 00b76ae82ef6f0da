/**
 * Flight-bus messages, in the spirit of PX4's {@code msg/*.msg}: mutable final classes with
 * {@code copyFrom}, a publication time {@code timestampNs} and, where a sensor sample is the
 * origin, {@code timestampSampleNs}. SI units, NED world frame, FRD body frame; NaN in a
 * setpoint field means "not controlled".
 */
package org.hoverla.core.msg;
