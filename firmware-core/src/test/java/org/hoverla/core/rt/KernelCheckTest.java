package org.hoverla.core.rt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCheckTest {
    @TempDir
    Path root;

    private Path proc;
    private Path sys;

    private void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Map<String, KernelCheck.Finding> check() {
        List<KernelCheck.Finding> findings = KernelCheck.read(proc, sys);
        return findings.stream().collect(Collectors.toMap(KernelCheck.Finding::name, f -> f));
    }

    @Test
    void shouldApproveATunedRealtimeRaspberryPi() throws IOException {
        // Given a PREEMPT_RT kernel with CPU 3 isolated, the performance governor and default RT throttling
        proc = root.resolve("proc");
        sys = root.resolve("sys");
        write(sys.resolve("kernel/realtime"), "1\n");
        write(proc.resolve("sys/kernel/version"), "#1 SMP PREEMPT_RT Debian 6.12.20-1\n");
        write(proc.resolve("cmdline"), "console=serial0,115200 root=PARTUUID=1 isolcpus=3 nohz_full=3 rcu_nocbs=3\n");
        for (int cpu = 0; cpu < 4; cpu++) {
            write(sys.resolve("devices/system/cpu/cpu" + cpu + "/cpufreq/scaling_governor"), "performance\n");
        }
        write(proc.resolve("sys/kernel/sched_rt_runtime_us"), "950000\n");
        write(proc.resolve("sys/kernel/sched_rt_period_us"), "1000000\n");

        // When checked
        Map<String, KernelCheck.Finding> f = check();

        // Then every finding is ok and names what it read
        assertThat(f.values()).allMatch(KernelCheck.Finding::ok);
        assertThat(f.get("isolcpus").detail()).isEqualTo("isolcpus=3");
        assertThat(f.get("governor").detail()).isEqualTo("cpu0=performance cpu1=performance cpu2=performance cpu3=performance");
        assertThat(f.get("preempt_rt").line()).startsWith("[ok] preempt_rt: PREEMPT_RT kernel");
    }

    @Test
    void shouldAdviseOnAStockKernelWithOndemandGovernorAndNoIsolation() throws IOException {
        // Given a stock PREEMPT_DYNAMIC kernel, ondemand on one CPU, no isolation
        proc = root.resolve("proc");
        sys = root.resolve("sys");
        write(proc.resolve("sys/kernel/version"), "#1 SMP PREEMPT_DYNAMIC Debian 6.1.0\n");
        write(proc.resolve("cmdline"), "console=tty1 root=/dev/mmcblk0p2\n");
        write(sys.resolve("devices/system/cpu/cpu0/cpufreq/scaling_governor"), "performance\n");
        write(sys.resolve("devices/system/cpu/cpu1/cpufreq/scaling_governor"), "ondemand\n");
        write(proc.resolve("sys/kernel/sched_rt_runtime_us"), "-1\n");

        // When checked
        Map<String, KernelCheck.Finding> f = check();

        // Then each problem is named with advice
        assertThat(f.get("preempt_rt").ok()).isFalse();
        assertThat(f.get("preempt_rt").detail()).startsWith("PREEMPT_DYNAMIC");
        assertThat(f.get("preempt_rt").advice()).contains("PREEMPT_RT");
        assertThat(f.get("isolcpus").ok()).isFalse();
        assertThat(f.get("isolcpus").advice()).contains("isolcpus=");
        assertThat(f.get("nohz_full").ok()).isFalse();
        assertThat(f.get("rcu_nocbs").ok()).isFalse();
        assertThat(f.get("governor").ok()).isFalse();
        assertThat(f.get("governor").detail()).contains("cpu1=ondemand");
        assertThat(f.get("rt_throttling").ok()).isFalse();
        assertThat(f.get("rt_throttling").line()).startsWith("[!!] rt_throttling: off");
    }

    @Test
    void shouldSayItCannotTellWhenTheTreesAreEmpty() {
        // Given empty /proc and /sys trees
        proc = root.resolve("empty-proc");
        sys = root.resolve("empty-sys");

        // When checked
        List<KernelCheck.Finding> findings = KernelCheck.read(proc, sys);

        // Then it still answers, in its fixed order, without throwing
        assertThat(findings).extracting(KernelCheck.Finding::name)
                .containsExactly("preempt_rt", "isolcpus", "nohz_full", "rcu_nocbs", "governor", "rt_throttling");
        assertThat(findings.get(0).detail()).contains("unknown");
        assertThat(findings.get(1).detail()).contains("unreadable");
        assertThat(findings.get(5).detail()).contains("unreadable");
    }

    @Test
    void shouldReadThisMachineWithoutThrowing() {
        // When the real /proc and /sys are read, Then there is one finding per check
        assertThat(KernelCheck.readThisMachine()).hasSize(6);
    }
}
