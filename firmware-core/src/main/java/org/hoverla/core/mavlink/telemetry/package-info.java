/**
 * MAVLink identity and telemetry microservices: {@link org.hoverla.core.mavlink.telemetry.VehicleIdentity},
 * {@link org.hoverla.core.mavlink.telemetry.HeartbeatService},
 * {@link org.hoverla.core.mavlink.telemetry.AutopilotVersionService} and
 * {@link org.hoverla.core.mavlink.telemetry.TelemetryService}. MAVLink thread only; they read
 * flight topics through seqlock subscriptions and convert SI/NED to MAVLink units in
 * {@code TelemetryService} (and its package-private helper {@code SetpointStreams}, which builds
 * the controller-setpoint and vibration messages) alone.
 */
package org.hoverla.core.mavlink.telemetry;
