package org.hoverla.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A pair of connected pseudo-terminals made by {@code socat}, for tests of the real jSerialComm
 * path: what is written to one end is read at the other. Without socat the calling test is
 * skipped with one printed line (CI installs socat, so there it always runs).
 */
public final class SocatPtyPair implements AutoCloseable {
    private static final Pattern PTY = Pattern.compile("PTY is (\\S+)");

    private final Process socat;
    private final List<String> ptys;

    private SocatPtyPair(Process socat, List<String> ptys) {
        this.socat = socat;
        this.ptys = ptys;
    }

    /**
     * Starts socat and waits (at most 10 s) for it to name both pseudo-terminals.
     *
     * @param testName named in the skip line when socat is missing
     */
    public static SocatPtyPair start(String testName) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0").start();
        } catch (IOException e) {
            System.out.println(testName + " skipped: socat is not installed (" + e.getMessage() + ")");
            Assumptions.abort("socat is not installed");
            throw new IllegalStateException("unreachable");
        }
        List<String> ptys = new ArrayList<>();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<Void> names = CompletableFuture.runAsync(() -> {
            try {
                String line;
                while (ptys.size() < 2 && (line = err.readLine()) != null) {
                    Matcher m = PTY.matcher(line);
                    if (m.find()) {
                        ptys.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            names.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
        if (ptys.size() != 2) {
            p.destroyForcibly();
            throw new IllegalStateException("socat named " + ptys.size() + " pseudo-terminals, not 2");
        }
        return new SocatPtyPair(p, List.copyOf(ptys));
    }

    /** The end the code under test opens. */
    public String near() {
        return ptys.get(0);
    }

    /** The end the test writes to and reads from, as the device would. */
    public String far() {
        return ptys.get(1);
    }

    /** The socat process (a test may kill it to make both ends vanish). */
    public Process process() {
        return socat;
    }

    /** Stops socat; both pseudo-terminals vanish. */
    @Override
    public void close() throws InterruptedException {
        socat.destroy();
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
            socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
