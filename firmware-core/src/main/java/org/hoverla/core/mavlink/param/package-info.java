/**
 * The MAVLink parameter microservice ({@link org.hoverla.core.mavlink.param.ParamService}) and
 * its integer value encodings. MAVLink thread only.
 */
package org.hoverla.core.mavlink.param;
