package org.hoverla.core.mavlink.signing;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.SetupSigning;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.security.LinkTrust;
import org.hoverla.core.msg.VehicleEvent;

/**
 * SETUP_SIGNING (message 256, mavlink.io Message Signing, "Secret Key Management") and the
 * housekeeping of {@link MavlinkSigning}: the refusal summaries and the persisted timestamp.
 *
 * <h2>SETUP_SIGNING rules</h2>
 * <ol>
 *   <li>Only for this system (the filter already refused others) and component 0 or ours.</li>
 *   <li>Never while armed: "SETUP_SIGNING refused: disarm first".</li>
 *   <li>No key installed: accepted on any link, signed or not (a fresh vehicle gets its first key;
 *       QGroundControl sends it already signed with the new key, which with no key installed is
 *       neither checked nor refused).</li>
 *   <li>A key installed: accepted only when the frame's signature verified with the current key
 *       ({@link MavlinkLink#currentMessageAuthenticated()}) or it came on a trusted link
 *       ({@link LinkTrust#trusted}); otherwise "SETUP_SIGNING refused: sign it with the current
 *       key".</li>
 *   <li>An all-zero key clears the key (signing off), as PX4 and QGroundControl do.</li>
 *   <li>{@code initial_timestamp} raises our timestamp (never lowers it).</li>
 * </ol>
 * Every decision is one STATUSTEXT naming the key by its id only. The key and timestamp are saved
 * by a background thread; a failed save is reported as a STATUSTEXT (the key is in force until
 * the next boot).
 *
 * <p>Threads: {@link #onMessage} and {@link #tick} on the MAVLink thread; {@link #load} on the
 * boot thread before the links start; {@link #close} at shutdown (not on the MAVLink thread).
 */
public final class SigningService implements MavlinkService {
    /** How often the timestamp is saved while a key is installed (mavlink.io: at least once a minute). */
    public static final long PERSIST_INTERVAL_NS = 10_000_000_000L;

    private final int systemId;
    private final int componentId;
    private final MavlinkSigning signing;
    private final LinkTrust trust;
    private final StatusTextSender texts;
    private final BooleanSupplier armed;
    private volatile SigningKeyStore store;
    private volatile ExecutorService writer;
    private final ConcurrentLinkedQueue<String> storeErrors = new ConcurrentLinkedQueue<>();
    private long lastPersistNs = Long.MIN_VALUE;
    private long lastPersisted;
    private long setupRefused;

    public SigningService(int systemId, int componentId, MavlinkSigning signing, LinkTrust trust,
                          StatusTextSender texts, BooleanSupplier armed) {
        this.systemId = systemId;
        this.componentId = componentId;
        this.signing = signing;
        this.trust = trust;
        this.texts = texts;
        this.armed = armed;
    }

    /**
     * Uses {@code store}: installs its key (if any) and restores its timestamp plus the restart
     * margin. Boot thread, before the links start.
     *
     * @return the key id, or null when the store holds no key
     * @throws IOException a key file others can read, or a malformed one (the message says which and how to fix it)
     */
    public synchronized String load(SigningKeyStore keyStore) throws IOException {
        byte[] key = keyStore.loadKey();
        signing.restoreTimestamp(keyStore.restartTimestamp());
        if (key != null) {
            signing.installKey(key, 0L);
            Arrays.fill(key, (byte) 0);
        }
        this.store = keyStore;
        if (writer == null) {
            writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "signing-store");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
            });
        }
        return signing.keyId();
    }

    /** SETUP_SIGNING messages refused (armed, or not signed with the current key on an untrusted link). */
    public long setupRefused() {
        return setupRefused;
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        if (!(message.getPayload() instanceof SetupSigning s)) {
            return;
        }
        if (s.targetSystem() != systemId || (s.targetComponent() != 0 && s.targetComponent() != componentId)) {
            return;
        }
        if (armed.getAsBoolean()) {
            setupRefused++;
            texts.send(source, VehicleEvent.WARNING, "SETUP_SIGNING refused: disarm first");
            return;
        }
        if (signing.keyInstalled() && !source.currentMessageAuthenticated() && !trust.trusted(source)) {
            setupRefused++;
            texts.send(source, VehicleEvent.WARNING, "SETUP_SIGNING refused: sign with the current key");
            return;
        }
        byte[] key = s.secretKey() == null ? new byte[MavlinkSignature.KEY_LENGTH]
                : Arrays.copyOf(s.secretKey(), MavlinkSignature.KEY_LENGTH);
        long initial = s.initialTimestamp() == null ? 0L : s.initialTimestamp().longValue() & MavlinkSignature.MAX_TIMESTAMP;
        String old = signing.keyId();
        if (SigningKeyStore.allZero(key)) {
            if (old == null) {
                texts.send(source, VehicleEvent.INFO, "SETUP_SIGNING: no key to clear");
                return;
            }
            signing.clearKey();
            persistClear();
            texts.send(null, VehicleEvent.NOTICE, "Signing key " + old + " cleared: signing off");
            return;
        }
        signing.installKey(key, initial);
        persistKey(key);
        Arrays.fill(key, (byte) 0);
        String id = signing.keyId();
        texts.send(null, VehicleEvent.NOTICE, old == null ? "Signing key " + id + " installed: signing on"
                : old.equals(id) ? "Signing key " + id + " kept (same key)" : "Signing key " + id + " installed, was " + old);
    }

    private void persistKey(byte[] key) {
        SigningKeyStore st = store;
        if (st == null || writer == null) {
            return;
        }
        byte[] copy = key.clone();
        long ts = signing.localTimestamp();
        submit(() -> {
            try {
                st.saveKey(copy);
                st.saveTimestamp(ts);
            } catch (IOException | RuntimeException e) {
                storeErrors.add("Signing key in force but not saved: " + e.getMessage());
            } finally {
                Arrays.fill(copy, (byte) 0);
            }
        });
    }

    private void persistClear() {
        SigningKeyStore st = store;
        if (st == null || writer == null) {
            return;
        }
        long ts = signing.localTimestamp();
        submit(() -> {
            try {
                st.deleteKey();
                st.saveTimestamp(ts);
            } catch (IOException | RuntimeException e) {
                storeErrors.add("Signing key cleared but the key file remains: " + e.getMessage());
            }
        });
    }

    private void submit(Runnable r) {
        ExecutorService w = writer;
        try {
            if (w != null) {
                w.execute(r);
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: close() saves the timestamp itself
        }
    }

    @Override
    public void tick(long nowNs) {
        String text;
        while ((text = signing.nextSummary(nowNs)) != null) {
            texts.send(null, VehicleEvent.WARNING, text);
        }
        while ((text = storeErrors.poll()) != null) {
            texts.send(null, VehicleEvent.ERROR, text);
        }
        if (signing.keyInstalled() && store != null && writer != null
                && (lastPersistNs == Long.MIN_VALUE || nowNs - lastPersistNs >= PERSIST_INTERVAL_NS)) {
            lastPersistNs = nowNs;
            long ts = signing.localTimestamp();
            if (ts != lastPersisted) {
                lastPersisted = ts;
                SigningKeyStore st = store;
                submit(() -> {
                    try {
                        st.saveTimestamp(ts);
                    } catch (IOException | RuntimeException e) {
                        storeErrors.add("Signing timestamp not saved: " + e.getMessage());
                    }
                });
            }
        }
    }

    /** Saves the timestamp a last time and stops the writer thread. Any thread but the MAVLink thread. */
    public synchronized void close() {
        ExecutorService w = writer;
        if (w == null) {
            return;
        }
        writer = null;
        w.shutdown();
        try {
            w.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SigningKeyStore st = store;
        if (st != null && signing.keyInstalled()) {
            try {
                st.saveTimestamp(signing.localTimestamp());
            } catch (IOException ignored) {
                // restart adds its margin to the last saved value
            }
        }
    }
}
