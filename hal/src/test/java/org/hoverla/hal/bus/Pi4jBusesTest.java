package org.hoverla.hal.bus;

import com.pi4j.exception.Pi4JException;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.spi.Spi;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The Pi4J adapters against Mockito mocks of Pi4J's I2C, Spi and DigitalOutput (no hardware). */
class Pi4jBusesTest {
    private final I2C i2c = mock(I2C.class);
    private final I2cDevice dev = Pi4jBuses.i2c(i2c, 1, 0x40);

    @Test
    void shouldPassI2cTransfersThrough() throws Exception {
        // Given a device that returns every byte asked for
        byte[] dst = new byte[4];
        when(i2c.readRegister(eq(0x3B), any(byte[].class), eq(1), eq(3))).thenReturn(3);
        when(i2c.writeRegister(0x00, (byte) 0x11)).thenReturn(1);
        byte[] burst = {0x06, 1, 2, 3, 4};
        when(i2c.write(burst, 0, 5)).thenReturn(5);

        // When/Then: the read, register write and raw write reach Pi4J unchanged
        dev.readRegisters(0x3B, dst, 1, 3);
        dev.writeRegister(0x00, 0x11);
        dev.write(burst, 0, 5);
        verify(i2c).readRegister(0x3B, dst, 1, 3);
        verify(i2c).writeRegister(0x00, (byte) 0x11);
        verify(i2c).write(burst, 0, 5);
        assertThat(dev.bus()).isEqualTo(1);
        assertThat(dev.address()).isEqualTo(0x40);
    }

    @Test
    void shouldReportAShortI2cReadAsShortRead() {
        when(i2c.readRegister(anyInt(), any(byte[].class), anyInt(), anyInt())).thenReturn(2);
        assertThatThrownBy(() -> dev.readRegisters(0x3B, new byte[6], 0, 6))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("i2c-1 0x40").hasMessageContaining("2 of 6")
                .extracting(e -> ((BusException) e).kind()).isEqualTo(BusException.Kind.SHORT_READ);
    }

    @Test
    void shouldReportANegativeCountAsIo() {
        when(i2c.readRegister(anyInt(), any(byte[].class), anyInt(), anyInt())).thenReturn(-121);
        assertThatThrownBy(() -> dev.readRegisters(0x3B, new byte[6], 0, 6))
                .extracting(e -> ((BusException) e).kind()).isEqualTo(BusException.Kind.IO);
        when(i2c.write(any(byte[].class), anyInt(), anyInt())).thenReturn(-5);
        assertThatThrownBy(() -> dev.write(new byte[2], 0, 2))
                .extracting(e -> ((BusException) e).kind()).isEqualTo(BusException.Kind.IO);
    }

    @Test
    void shouldTranslateTheKernelsNackErrorsIntoNack() {
        // Given Pi4J failures whose cause is the kernel's EREMOTEIO / ENXIO text
        when(i2c.readRegister(anyInt(), any(byte[].class), anyInt(), anyInt()))
                .thenThrow(new Pi4JException("I2C read failed", new IOException("Remote I/O error")));
        when(i2c.writeRegister(anyInt(), any(byte.class)))
                .thenThrow(new Pi4JException(new IOException("No such device or address")));

        // When/Then
        assertThatThrownBy(() -> dev.readRegisters(0x00, new byte[1], 0, 1))
                .isInstanceOf(BusException.class).hasMessageContaining("no acknowledge")
                .extracting(e -> ((BusException) e).kind()).isEqualTo(BusException.Kind.NACK);
        assertThatThrownBy(() -> dev.writeRegister(0x00, 1))
                .extracting(e -> ((BusException) e).kind()).isEqualTo(BusException.Kind.NACK);
    }

    @Test
    void shouldTranslateOtherPi4jFailuresIntoIo() {
        when(i2c.write(any(byte[].class), anyInt(), anyInt()))
                .thenThrow(new Pi4JException("Failed to get I2C lock on bus 1"));
        assertThatThrownBy(() -> dev.write(new byte[3], 0, 3))
                .isInstanceOf(BusException.class).hasMessageContaining("Failed to get I2C lock")
                .extracting(e -> ((BusException) e).kind()).isEqualTo(BusException.Kind.IO);
    }

    @Test
    void shouldPassSpiTransfersThroughAndReportShortOnes() throws Exception {
        // Given an SPI device that answers a full transfer, then a short one, then fails
        Spi spi = mock(Spi.class);
        SpiDevice s = Pi4jBuses.spi(spi, 0, 1);
        byte[] tx = new byte[7];
        byte[] rx = new byte[7];
        when(spi.transfer(tx, 0, rx, 0, 7)).thenReturn(7, 3).thenThrow(new Pi4JException("spi ioctl failed"));

        // When/Then
        s.transfer(tx, rx, 7);
        verify(spi).transfer(tx, 0, rx, 0, 7);
        assertThatThrownBy(() -> s.transfer(tx, rx, 7))
                .hasMessageContaining("spidev0.1")
                .extracting(e -> ((BusException) e).kind()).isEqualTo(BusException.Kind.SHORT_READ);
        assertThatThrownBy(() -> s.transfer(tx, rx, 7))
                .extracting(e -> ((BusException) e).kind()).isEqualTo(BusException.Kind.IO);
        assertThat(s.bus()).isZero();
        assertThat(s.chipSelect()).isEqualTo(1);
    }

    @Test
    void shouldDriveTheGpioLineAndReportFailures() throws Exception {
        // Given a digital output on line 17
        DigitalOutput out = mock(DigitalOutput.class);
        GpioOutput g = Pi4jBuses.gpio(out, 17);

        // When set high, then low
        g.set(true);
        g.set(false);

        // Then Pi4J got HIGH then LOW
        verify(out).state(DigitalState.HIGH);
        verify(out).state(DigitalState.LOW);
        assertThat(g.line()).isEqualTo(17);

        // and a failure becomes an IO BusException naming the line
        when(out.state(any())).thenThrow(new com.pi4j.io.exception.IOException("gpiod: line busy"));
        assertThatThrownBy(() -> g.set(true))
                .isInstanceOf(BusException.class).hasMessageContaining("gpio 17")
                .extracting(e -> ((BusException) e).kind()).isEqualTo(BusException.Kind.IO);
    }
}
