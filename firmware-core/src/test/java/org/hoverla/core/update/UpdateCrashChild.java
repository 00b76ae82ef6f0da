package org.hoverla.core.update;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * The installer in a child JVM for {@link UpdateKillTest}: {@code ROOT BUNDLE SIGNATURE PAUSE_AT}.
 * Prints {@code AT n} at each checkpoint and, at {@code PAUSE_AT}, blocks until killed; prints
 * {@code DONE VERSION} when the install finished.
 */
public final class UpdateCrashChild {
    private UpdateCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        int pauseAt = Integer.parseInt(args[3]);
        UpdateInstaller installer = new UpdateInstaller(new UpdateLayout(Path.of(args[0])), null, UpdateInstaller::usableSpace,
                Instant::now, s -> { }, n -> {
                    System.out.println("AT " + n);
                    System.out.flush();
                    if (n == pauseAt) {
                        try {
                            new CountDownLatch(1).await(); // until SIGKILL
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        String v = installer.install(Path.of(args[1]), Path.of(args[2]), false);
        System.out.println("DONE " + v);
        System.out.flush();
    }
}
