package org.hoverla.core.mavlink.link;

import org.hoverla.testsupport.SocatPtyPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dronefleet.mavlink.MavlinkConnection;
import io.dronefleet.mavlink.MavlinkMessage;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real jSerialComm path through a socat pseudo-terminal pair (skipped without socat). */
class SerialLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private SocatPtyPair socat;
    private final MavlinkLinkManager manager = new MavlinkLinkManager(1, 1, System::nanoTime);

    @BeforeEach
    void startSocat() throws Exception {
        socat = SocatPtyPair.start("SerialLinkTest");
    }

    @AfterEach
    void stop() throws Exception {
        manager.close();
        if (socat != null) {
            socat.close();
        }
    }

    @Test
    void shouldExchangeFramesThroughPseudoTerminal() throws Exception {
        // Given
        RecordingService service = new RecordingService();
        manager.addService(service);
        SerialLink link = (SerialLink) manager.open(LinkSpec.parse("serial:" + socat.near() + ":57600"));
        try (FileOutputStream radioOut = new FileOutputStream(socat.far());
             FileInputStream radioIn = new FileInputStream(socat.far())) {

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
            assertThat(link.name()).isEqualTo("serial:" + socat.near() + ":57600");
        }
    }
}
