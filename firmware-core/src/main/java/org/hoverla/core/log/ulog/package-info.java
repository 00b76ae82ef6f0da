/**
 * Reader for PX4 ULog flight logs (format version 1, as specified in the PX4 developer guide,
 * "ULog File Format").
 *
 * <p>{@link org.hoverla.core.log.ulog.UlogReader#read(java.nio.file.Path)} parses a whole file into
 * a {@link org.hoverla.core.log.ulog.UlogFile}: header, flag bits (including the appended-data
 * section), formats, info, parameters, subscriptions, logged strings, dropouts and, per subscribed
 * topic instance, the raw records, decoded on demand as {@code double} columns.
 *
 * <p>Offline tooling only (log analysis, replay): it allocates freely and must never run on the
 * flight thread. Bad data never throws; it is listed in {@link org.hoverla.core.log.ulog.UlogFile#problems()}.
 */
package org.hoverla.core.log.ulog;
