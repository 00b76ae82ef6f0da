package org.hoverla.core.mavlink.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real jSerialComm path through a socat pseudo-terminal pair (skipped without socat). */
class SerialLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern PTY = Pattern.compile("PTY is (\\S+)");

    private Process socat;
    private final List<String> ptys = new ArrayList<>();
    private final MavlinkLinkManager manager = new MavlinkLinkManager(1, 1, System::nanoTime);

    @BeforeEach
    void startSocat() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0").start();
        } catch (java.io.IOException e) {
            System.out.println("SerialLinkTest skipped: socat is not installed (" + e.getMessage() + ")");
            Assumptions.abort("socat is not installed");
            return;
        }
        socat = p;
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
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        names.get(10, TimeUnit.SECONDS);
        assertThat(ptys).hasSize(2);
    }

    @AfterEach
    void stop() throws Exception {
        manager.close();
        if (socat != null) {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldExchangeFramesThroughPseudoTerminal() throws Exception {
        // Given
        RecordingService service = new RecordingService();
        manager.addService(service);
        SerialLink link = (SerialLink) manager.open(LinkSpec.parse("serial:" + ptys.get(0) + ":57600"));
        try (FileOutputStream radioOut = new FileOutputStream(ptys.get(1));
             FileInputStream radioIn = new FileInputStream(ptys.get(1))) {

            // When: the far end sends a command split in two writes, with garbage before it
            byte[] frame = Frames.v2(255, 190, 0, Frames.commandLong(1));
            radioOut.write(new byte[] {0x00, 0x55, (byte) 0xAA});
            radioOut.write(frame, 0, 10);
            radioOut.flush();
            radioOut.write(frame, 10, frame.length - 10);
            radioOut.flush();
            await().atMost(WAIT).until(() -> service.received.size() == 1);
            CompletableFuture<MavlinkMessage<?>> reply = CompletableFuture.supplyAsync(() -> {
                try {
                    return MavlinkConnection.create(radioIn, OutputStream.nullOutputStream()).next();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            manager.send(link, Frames.paramValue());

            // Then
            assertThat(service.received.get(0).message().getPayload()).isEqualTo(Frames.commandLong(1));
            assertThat(service.received.get(0).source()).isSameAs(link);
            assertThat(reply.get(10, TimeUnit.SECONDS).getPayload()).isEqualTo(Frames.paramValue());
            assertThat(link.stats().bytesDropped()).isEqualTo(3);
            // The writer thread counts a frame after its write returns, which may be just after
            // the far end has read it.
            await().atMost(WAIT).until(() -> link.stats().framesSent() == 1);
            assertThat(link.name()).isEqualTo("serial:" + ptys.get(0) + ":57600");
        }
    }
}
