/**
 * MAVLink 2 message signing (https://mavlink.io/en/guide/message_signing.html): the signature
 * ({@link org.hoverla.core.mavlink.signing.MavlinkSignature}), the per-stream replay guard
 * ({@link org.hoverla.core.mavlink.signing.ReplayGuard}), the vehicle's signing state as an inbound
 * filter and outbound signer ({@link org.hoverla.core.mavlink.signing.MavlinkSigning}), SETUP_SIGNING
 * ({@link org.hoverla.core.mavlink.signing.SigningService}) and the key file
 * ({@link org.hoverla.core.mavlink.signing.SigningKeyStore}). See docs/mavlink-signing.md.
 */
package org.hoverla.core.mavlink.signing;
