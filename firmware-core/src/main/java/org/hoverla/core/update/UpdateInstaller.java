package org.hoverla.core.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hoverla.core.release.Minisign;
import org.hoverla.core.release.ReleaseBundle;
import org.hoverla.core.release.ReleaseException;
import org.hoverla.core.release.ReleaseManifest;
import org.hoverla.core.release.ReleaseVersion;

/**
 * The A/B installer under an {@link UpdateLayout}: verifies a signed bundle and installs it as
 * {@code versions/VERSION} beside the running one, then switches {@code current}. Checks, in
 * this order, each refusal one line and nothing installed or switched: armed vehicle
 * ({@link ArmedMarker}), signature file, signer in the {@link TrustList}, the signature
 * ({@link Minisign#verify}), the bundle ({@link ReleaseBundle#verify}), version order and
 * {@code min_from_version} ({@link UpdatePolicy}), free space. Then: extract into
 * {@code VERSION.partial}, add {@code release.minisig}, force, rename to {@code VERSION}, snapshot
 * the parameter file as the running version used it, write the state (uncommitted: the next
 * start's boot check commits it), switch {@code current}, journal, and keep at most
 * {@value #KEEP} versions. Every install and refusal is journalled in the unit record.
 *
 * <p>Crash safety: every step is a whole file forced and renamed, or an atomic rename; a crash
 * anywhere leaves {@code current} at a complete version, and {@link UpdateRecovery#reconcile}
 * tidies the rest. Blocking file I/O: never on the flight thread or the MAVLink event loop.
 * One install at a time per root (a lock file), across processes.
 */
public final class UpdateInstaller implements BundleInstaller {
    /** Versions kept installed at most (current, previous, last good, or the newest others). */
    public static final int KEEP = 3;
    /** The verified signature's name in an installed version (traceability reads the signer from it). */
    public static final String SIGNATURE = "release.minisig";
    /** Largest signature file read (a minisign signature is ~300 bytes). */
    private static final int MAX_SIGNATURE_BYTES = 4096;

    /** Usable bytes of the file system holding a directory. */
    @FunctionalInterface
    public interface SpaceProbe {
        long usableBytes(Path dir) throws IOException;
    }

    private final UpdateLayout layout;
    private final String packageVersion;
    private final SpaceProbe space;
    private final Supplier<Instant> clock;
    private final Consumer<String> log;
    private final IntConsumer checkpoint;
    private int points;

    /**
     * @param packageVersion the version running when there is no {@code current} link (the
     *                       package's own jar), or null when unknown
     */
    public UpdateInstaller(UpdateLayout layout, String packageVersion) {
        this(layout, packageVersion, UpdateInstaller::usableSpace, Instant::now, s -> { }, n -> { });
    }

    /**
     * @param checkpoint called with 1, 2, 3... at each durable step (after each file extracted,
     *                   forced, renamed, deleted): crash tests kill the process there
     */
    public UpdateInstaller(UpdateLayout layout, String packageVersion, SpaceProbe space, Supplier<Instant> clock,
                           Consumer<String> log, IntConsumer checkpoint) {
        this.layout = layout;
        this.packageVersion = packageVersion;
        this.space = space;
        this.clock = clock;
        this.log = log;
        this.checkpoint = checkpoint;
    }

    /** The default probe: usable space of the nearest existing directory's file store. */
    public static long usableSpace(Path dir) throws IOException {
        Path d = dir.toAbsolutePath();
        while (d != null && !Files.exists(d)) {
            d = d.getParent();
        }
        return Files.getFileStore(d == null ? Path.of("/") : d).getUsableSpace();
    }

    /** The version that runs now: {@code current}'s target, else the package's. */
    public String runningVersion() throws IOException {
        String link = layout.currentVersion();
        return link != null ? link : packageVersion;
    }

    @Override
    public String install(Path bundle, Path signature, boolean allowDowngrade) throws UpdateRefusedException {
        UpdateRecovery.Lock lock;
        try {
            lock = UpdateRecovery.Lock.tryTake(layout);
        } catch (IOException e) {
            throw new UpdateRefusedException("cannot take the update lock in " + layout.updateDir() + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            throw new UpdateRefusedException("another update is in progress on this unit");
        }
        try (lock) {
            return installLocked(bundle, signature, allowDowngrade);
        } catch (IOException e) {
            throw new UpdateRefusedException("cannot release the update lock: " + e.getMessage(), e);
        }
    }

    /** The facts a refusal records, filled in as they are learnt. */
    private static final class Attempt {
        String running;
        String candidate;
        String keyId;
    }

    private String installLocked(Path bundle, Path signature, boolean allowDowngrade) throws UpdateRefusedException {
        Attempt a = new Attempt();
        try {
            UpdateRecovery.reconcileLocked(layout, clock.get()).forEach(s -> log.accept("update: " + s));
            a.running = runningVersion();
            return checkedInstall(bundle, signature, allowDowngrade, a);
        } catch (UpdateRefusedException e) {
            recordRefusal(a, e.getMessage());
            throw e;
        } catch (IOException | RuntimeException e) {
            String line = "update failed before " + (a.candidate == null ? "the new version" : a.candidate)
                    + " was switched in: " + firstLine(e);
            recordRefusal(a, line);
            throw new UpdateRefusedException(line, e);
        }
    }

    private String checkedInstall(Path bundle, Path signature, boolean allowDowngrade, Attempt a)
            throws UpdateRefusedException, IOException {
        String running = a.running;
        // 1. Armed: never touch the software under a vehicle that may be flying.
        Optional<String> armed = ArmedMarker.armedBy(layout.stateDir());
        if (armed.isPresent()) {
            throw new UpdateRefusedException("the vehicle is armed (" + armed.get() + "); disarm it first");
        }
        // 2. The signature file, parsed (which key signed it).
        String sigText = readSignature(signature);
        Minisign.SignatureFile sig;
        try {
            sig = Minisign.parseSignature(sigText);
        } catch (ReleaseException e) {
            throw new UpdateRefusedException("signature " + signature + " is malformed: " + e.getMessage());
        }
        a.keyId = sig.keyIdHex();
        // 3. The signer must be trusted and not revoked.
        TrustList trust;
        try {
            trust = TrustList.read(layout);
        } catch (IOException | ReleaseException e) {
            throw new UpdateRefusedException("the trust list cannot be read: " + e.getMessage());
        }
        Minisign.ReleaseKey key = trust.decide(sig.keyIdHex(), layout.keysDir());
        // 4. The signature over the bundle's bytes (one flipped byte fails here).
        byte[] content;
        try {
            content = Files.readAllBytes(bundle);
        } catch (NoSuchFileException e) {
            throw new UpdateRefusedException("no bundle at " + bundle);
        }
        try {
            Minisign.verify(sigText, content, key);
        } catch (ReleaseException e) {
            throw new UpdateRefusedException("bad signature on " + bundle.getFileName() + ": " + e.getMessage());
        }
        // 5. The bundle against its manifest (truncation, hashes, extra or missing files). From here on only these
        // signed bytes are read, never the file again: a bundle swapped on disk after the check cannot be installed.
        ReleaseManifest manifest;
        try {
            manifest = ReleaseBundle.verify(content);
        } catch (ReleaseException e) {
            throw new UpdateRefusedException(e.getMessage());
        }
        String v = manifest.version();
        a.candidate = v;
        String labelled = UpdatePolicy.trustedCommentMismatch(sig.trustedComment(), manifest);
        if (labelled != null) {
            throw new UpdateRefusedException(labelled);
        }
        // 6. Version order and the oldest version this one updates from.
        String refusal = UpdatePolicy.versionOrder(running, v, allowDowngrade);
        if (refusal == null) {
            refusal = UpdatePolicy.minFrom(running, v, manifest.minFromVersion());
        }
        if (refusal != null) {
            throw new UpdateRefusedException(refusal);
        }
        Path dir = layout.versionDir(v);
        boolean reuse = false;
        if (Files.exists(dir)) {
            if (v.equals(running)) {
                throw new UpdateRefusedException(v + " is installed and running already");
            }
            if (!Arrays.equals(Files.readAllBytes(dir.resolve(ReleaseBundle.MANIFEST)), manifest.toJson())) {
                throw new UpdateRefusedException(layout.installDir().relativize(dir) + " is installed with other contents"
                        + " than this bundle of " + v);
            }
            reuse = true; // an earlier, complete install of these very files (e.g. the previous version)
        }
        byte[] manifestBytes = manifest.toJson();
        // 7. Free space for the unpacked version and a margin.
        if (!reuse) {
            long unpacked = UpdatePolicy.unpackedBytes(manifest, manifestBytes.length, sigText.length());
            refusal = UpdatePolicy.freeSpace(layout.versionsDir().toString(), space.usableBytes(layout.versionsDir()), unpacked);
            if (refusal != null) {
                throw new UpdateRefusedException(refusal);
            }
            unpack(content, v, sigText);
        }
        // 8. The parameter file as the running version used it (a rollback restores it).
        UpdateState old = UpdateState.read(layout.stateFile());
        if (running != null && Files.exists(layout.paramsFile())) {
            TrustList.writeAtomically(layout.paramsSnapshot(running), Files.readString(layout.paramsFile(), StandardCharsets.UTF_8));
            point();
        }
        // 9. State, then the switch: a crash between them is undone by reconcile (the link wins).
        String link = layout.currentVersion();
        String lastGood = old.equals(UpdateState.EMPTY) ? link : old.lastGood();
        UpdateState.Event event = new UpdateState.Event("install", running, v, a.keyId, "", clock.get().toString());
        new UpdateState(v, link, false, lastGood, 0, event).write(layout.stateFile());
        UpdateOwnership.handOver(layout, layout.updateDir());
        point();
        // Armed again? Unpacking took seconds, and the switch is what a running vehicle must never see mid-flight.
        Optional<String> armedNow = ArmedMarker.armedBy(layout.stateDir());
        if (armedNow.isPresent()) {
            UpdateRecovery.reconcileLocked(layout, clock.get());
            throw new UpdateRefusedException("the vehicle armed during the install (" + armedNow.get() + "); " + v
                    + " is unpacked but not switched to; disarm and update again");
        }
        try {
            layout.switchCurrent(v);
        } catch (IOException e) {
            // The link did not move: put the state back in line with it before saying so.
            UpdateRecovery.reconcileLocked(layout, clock.get());
            throw e;
        }
        UpdateOwnership.handOver(layout, layout.currentLink());
        point();
        // From here the update is done: a failure to journal or tidy up is reported, not a refusal.
        journal(event);
        point();
        try {
            prune();
        } catch (IOException | RuntimeException e) {
            log.accept("update: installed " + v + ", but could not remove old versions: " + firstLine(e));
        }
        log.accept("update: installed " + v + " over " + (running == null ? "nothing" : running) + ", signed by key " + a.keyId);
        return v;
    }

    private void unpack(byte[] bundle, String v, String sigText) throws UpdateRefusedException, IOException {
        Path partial = layout.partialDir(v);
        UpdateRecovery.deleteTree(partial, null);
        Files.createDirectories(layout.versionsDir());
        point();
        try {
            ReleaseBundle.extract(bundle, partial, this::point);
            TrustList.writeAtomically(partial.resolve(SIGNATURE), sigText);
            point();
            forceTree(partial);
            point();
        } catch (ReleaseException e) {
            UpdateRecovery.deleteTree(partial, null);
            throw new UpdateRefusedException(e.getMessage());
        } catch (IOException e) {
            UpdateRecovery.deleteTree(partial, null);
            boolean full = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("no space left");
            throw new UpdateRefusedException((full ? "no space left on " : "cannot write ") + layout.versionsDir()
                    + " while unpacking " + v + " (" + firstLine(e) + "); the partial copy was removed", e);
        }
        Files.move(partial, layout.versionDir(v), StandardCopyOption.ATOMIC_MOVE);
        UpdateOwnership.handOver(layout, layout.versionsDir());
        UpdateLayout.forceDirectory(layout.versionsDir());
        point();
    }

    /** Forces every directory of a tree, so its entries survive a power loss (the files are forced already). */
    private static void forceTree(Path root) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(root)) {
            dirs = s.filter(Files::isDirectory).toList();
        }
        for (Path d : dirs) {
            UpdateLayout.forceDirectory(d);
        }
    }

    /**
     * Keeps at most {@value #KEEP} versions: deletes the oldest that neither current, previous
     * nor last good names. A version is first renamed to {@code .partial} (atomic), so a crash
     * mid-delete leaves something reconcile removes, never a half version under a version name.
     */
    private void prune() throws IOException {
        UpdateState s = UpdateState.read(layout.stateFile());
        Set<String> named = new HashSet<>();
        for (String n : new String[] {s.current(), s.previous(), s.lastGood(), layout.currentVersion()}) {
            if (n != null) {
                named.add(n);
            }
        }
        List<String> installed = installedVersions(layout);
        List<String> candidates = new ArrayList<>(installed.stream().filter(v -> !named.contains(v)).toList());
        int excess = installed.size() - KEEP;
        for (int i = 0; i < excess && i < candidates.size(); i++) {
            String v = candidates.get(i);
            Path doomed = layout.partialDir(v);
            UpdateRecovery.deleteTree(doomed, null);
            Files.move(layout.versionDir(v), doomed, StandardCopyOption.ATOMIC_MOVE);
            UpdateLayout.forceDirectory(layout.versionsDir());
            point();
            UpdateRecovery.deleteTree(doomed, this::point);
            UpdateLayout.forceDirectory(layout.versionsDir());
            log.accept("update: removed " + v + " (at most " + KEEP + " versions are kept)");
        }
    }

    /** Complete installed versions, oldest first (SemVer order). */
    public static List<String> installedVersions(UpdateLayout layout) throws IOException {
        if (!Files.isDirectory(layout.versionsDir())) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> st = Files.list(layout.versionsDir())) {
            for (Path p : st.toList()) {
                String n = p.getFileName().toString();
                if (!n.endsWith(".partial") && Files.isDirectory(p)) {
                    try {
                        ReleaseVersion.parse(n);
                        out.add(n);
                    } catch (ReleaseException e) {
                        // not a version directory: left alone
                    }
                }
            }
        }
        out.sort((x, y) -> ReleaseVersion.parse(x).compareTo(ReleaseVersion.parse(y)));
        return out;
    }

    private String readSignature(Path signature) throws UpdateRefusedException, IOException {
        if (!Files.isRegularFile(signature)) {
            throw new UpdateRefusedException("no signature: " + signature + " does not exist (a bundle installs only"
                    + " with its minisign signature, BUNDLE.minisig)");
        }
        if (Files.size(signature) > MAX_SIGNATURE_BYTES) {
            throw new UpdateRefusedException("signature " + signature + " is malformed: larger than " + MAX_SIGNATURE_BYTES + " bytes");
        }
        return Files.readString(signature, StandardCharsets.UTF_8);
    }

    private void point() {
        checkpoint.accept(++points);
    }

    private void journal(UpdateState.Event event) {
        try {
            UpdateJournal.record(layout, event, null);
        } catch (IOException | RuntimeException e) {
            log.accept("update: could not append to the unit record: " + firstLine(e));
        }
    }

    /** A refusal is kept as the state's last event (for --status) and in the unit record; failing that is only logged. */
    private void recordRefusal(Attempt a, String reason) {
        UpdateState.Event event = new UpdateState.Event("refusal", a.running, a.candidate, a.keyId, reason, clock.get().toString());
        try {
            if (Files.isDirectory(layout.updateDir())) {
                UpdateState.read(layout.stateFile()).withEvent(event).write(layout.stateFile());
                UpdateOwnership.handOver(layout, layout.updateDir());
            }
        } catch (IOException | RuntimeException e) {
            log.accept("update: could not keep the refusal in " + layout.stateFile() + ": " + firstLine(e));
        }
        journal(event);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public String toString() {
        return "UpdateInstaller[" + layout.root() + "]";
    }
}
