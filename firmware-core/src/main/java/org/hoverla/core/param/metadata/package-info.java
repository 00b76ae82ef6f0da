/**
 * Parameter metadata for ground stations, generated from the
 * {@link org.hoverla.core.param.ParamStore} definitions
 * ({@link org.hoverla.core.param.metadata.ParamMetadataJson}). Pure.
 */
package org.hoverla.core.param.metadata;
