package org.hoverla.core.rt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealtimeSetupTest {

    @Test
    void shouldRefuseOptionsOutsideTheirRanges() {
        assertThatThrownBy(() -> new RealtimeSetup.Options(-2, 0, false)).hasMessageContaining("cpu must be -1");
        assertThatThrownBy(() -> new RealtimeSetup.Options(1024, 0, false)).hasMessageContaining("cpu must be -1");
        assertThatThrownBy(() -> new RealtimeSetup.Options(-1, 100, false)).hasMessageContaining("1..99");
        assertThat(RealtimeSetup.Options.NONE.any()).isFalse();
    }

    @Test
    void shouldReportANonexistentCpuPlainlyAndKeepRunning() throws InterruptedException {
        // Given a thread asked to pin itself to a CPU this machine does not have
        List<RealtimeSetup.Outcome> got = new ArrayList<>();
        Thread t = new Thread(() -> got.addAll(RealtimeSetup.applyToCurrentThread(new RealtimeSetup.Options(1000, 0, false))));

        // When it applies the set-up
        t.start();
        t.join();

        // Then the outcome says it was not applied, why, and what that costs
        assertThat(got).hasSize(1);
        assertThat(got.get(0).applied()).isFalse();
        assertThat(got.get(0).line()).contains("affinity NOT applied").contains("CPU 1000").contains("cost");
    }

    @Test
    void shouldPinAThreadToAnAllowedCpuAndReportIt() throws InterruptedException {
        // Given the first CPU this process may use
        String allowed = RealtimeSetup.allowedCpus();
        int cpu = "?".equals(allowed) ? 0 : Integer.parseInt(allowed.split(",")[0]);
        List<RealtimeSetup.Outcome> got = new ArrayList<>();

        // When a thread pins itself there
        Thread t = new Thread(() -> got.addAll(RealtimeSetup.applyToCurrentThread(new RealtimeSetup.Options(cpu, 0, false))));
        t.start();
        t.join();

        // Then it is granted (Linux lets any thread narrow its own affinity), or says plainly why not
        assertThat(got).hasSize(1);
        assertThat(got.get(0).detail()).isNotBlank();
        if (got.get(0).applied()) {
            assertThat(got.get(0).detail()).isEqualTo("pinned to CPU " + cpu);
        }
    }

    @Test
    void shouldAnswerARealtimePriorityRequestWithAnOutcomeEitherWay() throws InterruptedException {
        // Given a thread asking for SCHED_FIFO 10 (granted as root or with CAP_SYS_NICE, else EPERM)
        List<RealtimeSetup.Outcome> got = new ArrayList<>();
        boolean[] fifo = new boolean[1];
        Thread t = new Thread(() -> {
            got.addAll(RealtimeSetup.applyToCurrentThread(new RealtimeSetup.Options(-1, 10, false)));
            fifo[0] = RealtimeSetup.currentThreadIsFifo();
            RealtimeSetup.normalCurrentThread();
        });

        // When it applies the set-up
        t.start();
        t.join();

        // Then the outcome matches what the kernel did, and a refusal names the limit to raise
        assertThat(got).hasSize(1);
        assertThat(got.get(0).applied()).isEqualTo(fifo[0]);
        if (!got.get(0).applied()) {
            assertThat(got.get(0).detail()).contains("RLIMIT_RTPRIO").contains("cost");
        }
    }
}
