package org.hoverla.core.mavlink.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.core.mavlink.signing.SigningRig.KEY;
import static org.hoverla.core.mavlink.signing.SigningRig.OTHER_KEY;

import io.dronefleet.mavlink.common.SetupSigning;
import io.dronefleet.mavlink.common.Statustext;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hoverla.core.mavlink.Frames;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.StatusTextSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningServiceTest {
    /** A link whose current message is authenticated or not, opened by spec {@code instance}. */
    static final class Link implements MavlinkLink {
        final int instance;
        boolean authenticated;

        Link(int instance) {
            this.instance = instance;
        }

        @Override
        public int id() {
            return instance;
        }

        @Override
        public String name() {
            return "link" + instance;
        }

        @Override
        public int instance() {
            return instance;
        }

        @Override
        public boolean currentMessageAuthenticated() {
            return authenticated;
        }
    }

    @TempDir
    Path dir;

    private final SigningRig rig = new SigningRig();
    private final List<String> texts = new ArrayList<>();
    private final AtomicBoolean armed = new AtomicBoolean();
    private SigningService service;
    private SigningKeyStore store;
    private final Link radio = new Link(0);
    private final Link usb = new Link(1);

    @BeforeEach
    void setUp() throws Exception {
        StatusTextSender sender = new StatusTextSender((target, payload) -> texts.add(((Statustext) payload).text()));
        service = new SigningService(SigningRig.SYS, 1, rig.signing, rig.trust, sender, armed::get);
        store = new SigningKeyStore(dir.resolve("signing.key"));
        assertThat(service.load(store)).isNull();
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private void setup(Link link, byte[] key, long initialTimestamp) {
        SetupSigning s = SetupSigning.builder().targetSystem(SigningRig.SYS).targetComponent(1).secretKey(key)
                .initialTimestamp(BigInteger.valueOf(initialTimestamp)).build();
        service.onMessage(link, Frames.from(255, 190, s), 0L);
    }

    private String lastText() {
        return texts.get(texts.size() - 1);
    }

    @Test
    void shouldInstallAKeyFromAnUnsignedSetupSigningWhenNoneIsInstalled() throws Exception {
        // Given no key / When an unsigned SETUP_SIGNING arrives on an untrusted link
        setup(radio, KEY, 0);
        // Then the key is in force, LinkTrust knows, the text names the id only, and the file holds it (0600)
        String id = SigningKeyStore.keyId(KEY);
        assertThat(rig.signing.keyId()).isEqualTo(id);
        assertThat(rig.trust.keyInstalled()).isTrue();
        assertThat(lastText()).isEqualTo("Signing key " + id + " installed: signing on");
        service.close();
        assertThat(store.loadKey()).isEqualTo(KEY);
        assertThat(store.keyFileMode()).isEqualTo("rw-------");
    }

    @Test
    void shouldRefuseAnUnsignedKeyChangeOnceAKeyIsSet() {
        // Given a key / When an unsigned (unauthenticated) SETUP_SIGNING with another key arrives on an untrusted link
        setup(radio, KEY, 0);
        setup(radio, OTHER_KEY, 0);
        // Then it is refused with a reason and the key stays
        assertThat(lastText()).isEqualTo("SETUP_SIGNING refused: sign with the current key");
        assertThat(rig.signing.keyId()).isEqualTo(SigningKeyStore.keyId(KEY));
        assertThat(service.setupRefused()).isEqualTo(1);
    }

    @Test
    void shouldChangeTheKeyFromASetupSigningSignedWithTheCurrentKey() {
        // Given a key / When a SETUP_SIGNING authenticated with it brings another key
        setup(radio, KEY, 0);
        radio.authenticated = true;
        setup(radio, OTHER_KEY, 0);
        // Then the new key is in force and the text names both ids
        assertThat(rig.signing.keyId()).isEqualTo(SigningKeyStore.keyId(OTHER_KEY));
        assertThat(lastText()).isEqualTo("Signing key " + SigningKeyStore.keyId(OTHER_KEY) + " installed, was "
                + SigningKeyStore.keyId(KEY));
    }

    @Test
    void shouldRefuseSetupSigningWhileArmed() {
        // Given an armed vehicle with no key / When a SETUP_SIGNING arrives
        armed.set(true);
        setup(radio, KEY, 0);
        // Then nothing is installed
        assertThat(rig.signing.keyInstalled()).isFalse();
        assertThat(lastText()).isEqualTo("SETUP_SIGNING refused: disarm first");
        // And not even an authenticated one on a trusted link once a key is set
        armed.set(false);
        setup(radio, KEY, 0);
        armed.set(true);
        rig.trustSecondLink();
        usb.authenticated = true;
        setup(usb, OTHER_KEY, 0);
        assertThat(rig.signing.keyId()).isEqualTo(SigningKeyStore.keyId(KEY));
        assertThat(lastText()).isEqualTo("SETUP_SIGNING refused: disarm first");
    }

    @Test
    void shouldAcceptAnUnsignedKeyChangeOnATrustedLink() {
        // Given a key and the second link trusted / When an unsigned SETUP_SIGNING arrives there
        setup(radio, KEY, 0);
        rig.trustSecondLink();
        setup(usb, OTHER_KEY, 0);
        // Then the key changes
        assertThat(rig.signing.keyId()).isEqualTo(SigningKeyStore.keyId(OTHER_KEY));
    }

    @Test
    void shouldClearTheKeyWithAnAllZeroKeySignedWithTheCurrentOne() throws Exception {
        // Given a key / When an authenticated SETUP_SIGNING with 32 zero bytes arrives (PX4's and QGC's clear)
        setup(radio, KEY, 0);
        radio.authenticated = true;
        setup(radio, new byte[32], 0);
        // Then signing is off, the file is gone, the timestamp file stays
        assertThat(rig.signing.keyInstalled()).isFalse();
        assertThat(rig.trust.keyInstalled()).isFalse();
        assertThat(lastText()).isEqualTo("Signing key " + SigningKeyStore.keyId(KEY) + " cleared: signing off");
        service.close();
        assertThat(Files.exists(store.keyFile())).isFalse();
        assertThat(store.loadTimestamp()).isPositive();
    }

    @Test
    void shouldRaiseOurTimestampToTheInitialTimestamp() {
        // Given QGC's initial timestamp one hour ahead of our clock / When the key is installed
        long ahead = rig.now() + 360_000_000L;
        setup(radio, KEY, ahead);
        // Then our timestamp is at least that
        assertThat(rig.signing.localTimestamp()).isGreaterThanOrEqualTo(ahead);
    }

    @Test
    void shouldNeverPutTheKeyInAText() {
        setup(radio, KEY, 0);
        radio.authenticated = true;
        setup(radio, OTHER_KEY, 0);
        setup(radio, new byte[32], 0);
        String k1 = HexFormat.of().formatHex(KEY).substring(0, 12);
        String k2 = HexFormat.of().formatHex(OTHER_KEY).substring(0, 12);
        assertThat(texts).hasSize(3).noneMatch(t -> t.contains(k1) || t.contains(k2));
    }

    @Test
    void shouldIgnoreASetupSigningForAnotherComponent() {
        SetupSigning s = SetupSigning.builder().targetSystem(SigningRig.SYS).targetComponent(154).secretKey(KEY)
                .initialTimestamp(BigInteger.ONE).build();
        service.onMessage(radio, Frames.from(255, 190, s), 0L);
        assertThat(rig.signing.keyInstalled()).isFalse();
        assertThat(texts).isEmpty();
    }

    @Test
    void shouldPersistTheTimestampEveryTenSecondsOfUse() throws Exception {
        // Given a key / When the service ticks at 0 and 10 s
        setup(radio, KEY, 0);
        service.tick(0L);
        rig.wallUs.addAndGet(10_000_000L);
        service.tick(SigningService.PERSIST_INTERVAL_NS);
        service.close();
        // Then the stored timestamp is our timestamp at the second save (or later), and restart adds a minute
        long stored = store.loadTimestamp();
        assertThat(stored).isGreaterThanOrEqualTo(rig.now());
        assertThat(store.restartTimestamp()).isEqualTo(stored + SigningKeyStore.RESTART_MARGIN);
    }
}
