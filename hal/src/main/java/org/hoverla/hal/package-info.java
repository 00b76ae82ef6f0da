/**
 * Hardware abstraction layer: device interfaces and the SI sample types they fill.
 *
 * <p>Devices are polled by the flight thread: {@code poll(dst)} copies the newest sample into a
 * caller-owned object and returns {@code true} only when a sample arrived since the previous
 * poll. Implementations (real drivers, simulated backends) must not allocate, lock or block
 * in {@code poll}; a driver that reads a bus on its own thread hands samples over through an
 * allocation-free single-producer structure. Body vectors are FRD, world vectors NED.
 *
 * <p>Sub-packages: {@code bus} (I2C, SPI, GPIO ports and their Pi4J adapters), {@code chip} (one
 * backend per chip behind a {@code probe} factory), {@code fake} (register-file fakes built from
 * the datasheets, for tests and fake boards).
 */
package org.hoverla.hal;
