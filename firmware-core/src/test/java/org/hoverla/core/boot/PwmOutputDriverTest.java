package org.hoverla.core.boot;

import org.hoverla.core.param.ParamStore;
import org.hoverla.core.vehicle.PwmParams;
import org.hoverla.hal.bus.BusException;
import org.hoverla.hal.chip.Pca9685;
import org.hoverla.hal.chip.PwmOutput;
import org.hoverla.hal.fake.FakePca9685;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The PWM motor output path: flight-side mapping and hand-over, driver-side safety rules. */
class PwmOutputDriverTest {
    private static final long MS = 1_000_000L;

    private final long[] flightNow = {0};
    private final ParamStore store = new ParamStore();
    private final PwmParams params = new PwmParams(store);
    private final FakePca9685 fake = new FakePca9685(1, 0x40, 1L);
    private final List<int[]> seen = new ArrayList<>();
    private PwmMotorOutputs outputs;
    private PwmOutputDriver driver;
    private final double[] commands = {0.5, 0.5, 0.5, 0.5};

    @BeforeEach
    void setUp() throws Exception {
        params.spoolUpS.set(0.0); // rules first; the ramp has its own test
        fake.setOutputEnablePinHigh(false); // worst case: OE floats low at power-up
        fake.setListener((t, ch, us) -> seen.add(new int[] {ch, us, fake.outputEnablePinHigh() ? 0 : 1}));
        outputs = new PwmMotorOutputs(4, params, () -> flightNow[0]);
        driver = new PwmOutputDriver(Pca9685.probe(fake, fake.outputEnablePin()), outputs);
    }

    @Test
    void shouldWriteTheDisarmedPulseToEveryChannelBeforeEnablingOutputs() throws Exception {
        // Given a driver that has not started, over a recording mock
        PwmOutput out = mock(PwmOutput.class);
        when(out.channels()).thenReturn(16);
        PwmOutputDriver d = new PwmOutputDriver(out, outputs);

        // When it runs its first period
        d.runOnce(0);

        // Then: frequency, disarmed pulses on all four channels, and only then enable
        InOrder order = inOrder(out);
        order.verify(out).setFrequencyHz(400.0);
        order.verify(out).writePulsesUs(argThat(p -> p[0] == 1000 && p[1] == 1000 && p[2] == 1000 && p[3] == 1000), eq(4));
        order.verify(out).setOutputsEnabled(true);
        assertThat(d.started()).isTrue();

        // and on the real chip fake, every pulse any ESC ever saw is the disarmed one
        driver.runOnce(0);
        for (int i = 0; i < 10; i++) {
            driver.runOnce(i * 2_500_000L);
        }
        assertThat(seen).isNotEmpty().allSatisfy(e -> assertThat(e[1]).isCloseTo(1000, within(1)));
        assertThat(fake.outputsEnabled()).isTrue();
    }

    @Test
    void shouldWriteDisarmedUnlessTheFlightThreadSaysArmed() {
        // Given a started driver
        driver.runOnce(0);

        // When the flight side writes 0.5 while disarmed
        outputs.write(commands, false);
        driver.runOnce(2 * MS);

        // Then the ESCs see the disarmed pulse
        assertThat(fake.pulseUs(0)).isCloseTo(1000, within(1));
        assertThat(driver.live()).isFalse();

        // When armed
        outputs.write(commands, true);
        driver.runOnce(4 * MS);

        // Then they see the mapped 1500 µs
        assertThat(fake.pulseUs(0)).isCloseTo(1500, within(1));
        assertThat(fake.pulseUs(3)).isCloseTo(1500, within(1));
        assertThat(fake.pulseUs(4)).as("unused channel").isZero();
        assertThat(driver.live()).isTrue();
    }

    @Test
    void shouldRampFromTheDisarmedPulseOverTheSpoolUpTime() {
        // Given COM_SPOOLUP_TIME 1 s, applied at the flight side's next parameter check
        params.spoolUpS.set(1.0);
        flightNow[0] = 2_000 * MS;
        outputs.write(commands, false);
        driver.runOnce(0);

        // When armed at t = 2 s with a 0.5 command (1500 µs), seen at 0, 0.5 and 1 s after
        outputs.write(commands, true);
        driver.runOnce(2 * MS);
        int atArming = fake.pulseUs(0);
        flightNow[0] += 500 * MS;
        outputs.write(commands, true);
        driver.runOnce(4 * MS);
        int halfway = fake.pulseUs(0);
        flightNow[0] += 500 * MS;
        outputs.write(commands, true);
        driver.runOnce(6 * MS);

        // Then 1000 → 1250 → 1500
        assertThat(atArming).isCloseTo(1000, within(1));
        assertThat(halfway).isCloseTo(1250, within(1));
        assertThat(fake.pulseUs(0)).isCloseTo(1500, within(1));
    }

    @Test
    void shouldWriteDisarmedWhenTheFlightThreadStopsWritingFor100Ms() {
        // Given an armed vehicle whose flight thread writes until t = 10 ms
        driver.runOnce(0);
        outputs.write(commands, true);
        driver.runOnce(10 * MS);
        assertThat(fake.pulseUs(0)).isCloseTo(1500, within(1));

        // When it stays silent: 100 ms later the pulses still hold, just after they do not
        driver.runOnce(110 * MS);
        assertThat(fake.pulseUs(0)).isCloseTo(1500, within(1));
        driver.runOnce(111 * MS);

        // Then every ESC is back at the disarmed pulse and the trip is counted once
        assertThat(fake.pulseUs(0)).isCloseTo(1000, within(1));
        driver.runOnce(200 * MS);
        assertThat(driver.watchdogTrips()).isEqualTo(1);

        // and when the flight thread comes back, its pulses do too
        outputs.write(commands, true);
        driver.runOnce(202 * MS);
        assertThat(fake.pulseUs(0)).isCloseTo(1500, within(1));
    }

    @Test
    void shouldWriteDisarmedThenDisableOutputsOnClose() throws Exception {
        // Given a mock output, armed at 0.5
        PwmOutput out = mock(PwmOutput.class);
        when(out.channels()).thenReturn(16);
        PwmOutputDriver d = new PwmOutputDriver(out, outputs);
        d.runOnce(0);
        outputs.write(commands, true);
        d.runOnce(2 * MS);

        // When closed
        d.close();

        // Then the last two calls are the disarmed pulses, then disable
        InOrder order = inOrder(out);
        order.verify(out).writePulsesUs(argThat(p -> p[0] == 1500), eq(4));
        order.verify(out).writePulsesUs(argThat(p -> p[0] == 1000 && p[3] == 1000), eq(4));
        order.verify(out).setOutputsEnabled(false);
        order.verifyNoMoreInteractions();

        // and on the fake chip no ESC sees a pulse any more
        driver.runOnce(0);
        outputs.write(commands, true);
        driver.runOnce(2 * MS);
        driver.close();
        assertThat(fake.outputEnablePinHigh()).isTrue();
        assertThat(fake.pulseUs(0)).isZero();
        // the last eight changes: four channels 1500 → 1000 with OE low, then four → 0 as OE went high
        List<int[]> last = seen.subList(seen.size() - 8, seen.size());
        assertThat(last.subList(0, 4)).allSatisfy(e -> assertThat(e[1]).isCloseTo(1000, within(1)))
                .allSatisfy(e -> assertThat(e[2]).as("OE low").isEqualTo(1));
        assertThat(last.subList(4, 8)).allSatisfy(e -> assertThat(e[1]).isZero());
    }

    @Test
    void shouldCountBusErrorsAndRetryWithoutThrowing() throws Exception {
        // Given a chip that does not acknowledge the first three transfers after probe
        fake.nackNext(3);

        // When the driver runs: start fails on the first attempts, then succeeds
        driver.runOnce(0);
        assertThat(driver.started()).isFalse();
        assertThat(fake.outputEnablePinHigh()).as("outputs stay disabled").isTrue();
        for (int i = 1; i <= 3; i++) {
            driver.runOnce(i * 2 * MS);
        }

        // Then the errors are counted, the driver started, and pulses flow
        assertThat(driver.busErrors()).isGreaterThanOrEqualTo(2);
        assertThat(driver.started()).isTrue();
        outputs.write(commands, true);
        fake.nackNext(1);
        driver.runOnce(10 * MS); // this write is lost and counted
        long errors = driver.busErrors();
        driver.runOnce(12 * MS);
        assertThat(driver.busErrors()).isEqualTo(errors);
        assertThat(fake.pulseUs(0)).isCloseTo(1500, within(1));

        // and an output that throws unchecked exceptions does not escape the loop either
        PwmOutput broken = mock(PwmOutput.class);
        when(broken.channels()).thenReturn(16);
        doThrow(new BusException(BusException.Kind.IO, "i2c gone")).when(broken).writePulsesUs(any(), anyInt());
        PwmOutputDriver d = new PwmOutputDriver(broken, outputs);
        d.runOnce(0);
        d.runOnce(2 * MS);
        d.close();
        assertThat(d.busErrors()).isEqualTo(3); // two start attempts and close's write; disabling worked
    }

    @Test
    void shouldDriveOnlyTheTestedMotorDuringAMotorTest() {
        // Given a started driver, disarmed
        driver.runOnce(0);

        // When the flight side runs a motor test on motor 3 at command 0.25
        double[] test = {0.0, 0.0, 0.25, 0.0};
        outputs.writeTest(test, 2);
        driver.runOnce(2 * MS);

        // Then motor 3 sees 1250 µs and the others their disarmed pulse
        assertThat(fake.pulseUs(2)).isCloseTo(1250, within(1));
        assertThat(fake.pulseUs(0)).isCloseTo(1000, within(1));
        assertThat(fake.pulseUs(1)).isCloseTo(1000, within(1));
        assertThat(fake.pulseUs(3)).isCloseTo(1000, within(1));
    }

    @Test
    void shouldNotAllocateOnEitherSide() {
        // Given a running path, warmed up
        driver.runOnce(0);
        long t = 0;
        for (int i = 0; i < 20_000; i++) {
            flightNow[0] += 2 * MS;
            commands[0] = (i & 1) * 0.5;
            outputs.write(commands, true);
            driver.runOnce(t += 2 * MS);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        fake.setListener(null);

        // When 5 × 10 000 flight writes and driver periods run
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                flightNow[0] += 2 * MS;
                commands[0] = (i & 1) * 0.5;
                outputs.write(commands, true);
                driver.runOnce(t += 2 * MS);
            }
            fewest = Math.min(fewest, mx.getThreadAllocatedBytes(tid) - before);
        }

        // Then nothing was allocated (fewest over windows, as LoopSchedulerTest: a per-cycle
        // allocation shows in every window, a one-off JIT deoptimisation in one at most)
        assertThat(fewest).isZero();
    }
}
