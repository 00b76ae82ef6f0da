/**
 * {@code hoverla install}: the files that put the vehicle runtime on a companion computer (the
 * plan) and writing them under a root so that a failure leaves nothing half-written (the installer).
 */
package org.hoverla.core.boot.install;
