/**
 * The component metadata protocol (mavlink.io/en/services/component_information.html):
 * COMPONENT_METADATA / COMPONENT_INFORMATION pointing at metadata files served over MAVLink FTP
 * ({@link org.hoverla.core.mavlink.metadata.ComponentMetadataService}). MAVLink thread.
 */
package org.hoverla.core.mavlink.metadata;
