/**
 * The MAVLink FTP microservice (mavlink.io/en/services/ftp.html), read-only: a payload codec
 * ({@link org.hoverla.core.mavlink.ftp.FtpPayload}), MAVLink's CRC32
 * ({@link org.hoverla.core.mavlink.ftp.MavlinkCrc32}), an in-memory read-only file system
 * ({@link org.hoverla.core.mavlink.ftp.VirtualFileSystem}) and the server
 * ({@link org.hoverla.core.mavlink.ftp.FtpService}). MAVLink thread only.
 */
package org.hoverla.core.mavlink.ftp;
