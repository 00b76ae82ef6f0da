package org.hoverla.core.mavlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hoverla.core.mavlink.ftp.FtpTestClient.request;

import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.CommandLong;
import io.dronefleet.mavlink.common.FileTransferProtocol;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.Statustext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hoverla.core.mavlink.command.CommandService;
import org.hoverla.core.mavlink.command.UpgradeCommandHandler;
import org.hoverla.core.mavlink.ftp.FtpPayload;
import org.hoverla.core.mavlink.ftp.FtpService;
import org.hoverla.core.mavlink.ftp.FtpTestClient;
import org.hoverla.core.mavlink.ftp.FtpUploadArea;
import org.hoverla.core.mavlink.ftp.VirtualFileSystem;
import org.hoverla.core.mavlink.mission.PlanStore;
import org.hoverla.core.mavlink.security.AuthorityPolicy;
import org.hoverla.core.mavlink.telemetry.VehicleIdentity;
import org.hoverla.core.msg.ArmingState;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleStatus;
import org.hoverla.core.param.ParamStore;
import org.hoverla.core.param.persist.ParamPersistence;
import org.hoverla.core.time.SimClock;
import org.hoverla.core.update.BundleInstaller;
import org.hoverla.core.update.UpdateRefusedException;
import org.hoverla.core.vehicle.FlightBus;
import org.hoverla.core.vehicle.FlightParams;
import org.hoverla.core.vehicle.PlanInstaller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update over MAVLink end to end inside the JVM: the bundle and its signature uploaded through
 * the real FtpService into the inbox, then MAV_CMD_DO_UPGRADE through the real CommandService:
 * IN_PROGRESS, the install on a worker through a fake {@link BundleInstaller}, and the final
 * ACCEPTED or FAILED with the refusal line; refusals while armed and without a bundle; and the
 * wiring of the vehicle interface (authority and armed gates).
 */
class UpdateOverMavlinkTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private final RecordingOutput out = new RecordingOutput();
    private final TestLink udp = new TestLink(0, "udp:127.0.0.1:14550");
    private final byte[] tar = randomBytes(3000, 247);
    private final byte[] sig = "untrusted comment: signature from hoverla\nRWQ...\n".getBytes();
    /** The worker: installs run when the test says (to see IN_PROGRESS first). */
    private final ArrayDeque<Runnable> worker = new ArrayDeque<>();
    private boolean armed;

    /** A fake installer: records what it was given, then succeeds or refuses with one line. */
    private static final class FakeInstaller implements BundleInstaller {
        final List<byte[]> bundles = new ArrayList<>();
        String refusal;

        @Override
        public String install(Path bundle, Path signature, boolean allowDowngrade) throws UpdateRefusedException {
            try {
                bundles.add(Files.readAllBytes(bundle));
                if (!Files.isRegularFile(signature) || allowDowngrade) {
                    throw new UpdateRefusedException("test: bad call");
                }
            } catch (java.io.IOException e) {
                throw new UpdateRefusedException("test: " + e);
            }
            if (refusal != null) {
                throw new UpdateRefusedException(refusal);
            }
            return "1.3.0";
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path inbox() {
        return dir.resolve("var/lib/hoverla/update/inbox");
    }

    /** Uploads one file the way a ground station does: CreateFile, WriteFile pieces, TerminateSession. */
    private static void upload(FtpTestClient gcs, String path, byte[] bytes) {
        FtpPayload created = gcs.single(request(FtpPayload.OP_CREATE_FILE, 0, 0, 0, path));
        assertThat(created.opcode).as("create %s", path).isEqualTo(FtpPayload.OP_ACK);
        for (int off = 0; off < bytes.length; off += FtpPayload.MAX_DATA) {
            int n = Math.min(FtpPayload.MAX_DATA, bytes.length - off);
            FtpPayload w = request(FtpPayload.OP_WRITE_FILE, created.session, off, n, null);
            System.arraycopy(bytes, off, w.data, 0, n);
            assertThat(gcs.single(w).opcode).isEqualTo(FtpPayload.OP_ACK);
        }
        gcs.single(request(FtpPayload.OP_TERMINATE_SESSION, created.session, 0, 0, null));
    }

    private static CommandLong upgrade(float component, float reboot) {
        return CommandLong.builder().targetSystem(1).targetComponent(1).command(org.hoverla.core.mavlink.link.EnumValues.of(MavCmd.class, UpgradeCommandHandler.CMD_DO_UPGRADE))
                .param1(component).param2(reboot).build();
    }

    private List<Integer> acks() {
        List<Integer> r = new ArrayList<>();
        for (CommandAck a : out.payloads(CommandAck.class)) {
            assertThat(a.command().value()).isEqualTo(UpgradeCommandHandler.CMD_DO_UPGRADE);
            r.add(a.result().value());
        }
        return r;
    }

    /** The STATUSTEXT lines sent, their 50-character chunks joined (same chunk id). */
    private List<String> texts() {
        List<String> r = new ArrayList<>();
        int lastId = 0;
        for (Statustext t : out.payloads(Statustext.class)) {
            if (t.id() != 0 && t.id() == lastId && !r.isEmpty()) {
                r.set(r.size() - 1, r.get(r.size() - 1) + t.text());
            } else {
                r.add(t.text());
            }
            lastId = t.id();
        }
        return r;
    }

    @Test
    void shouldInstallAnUploadedBundleAnswerInProgressThenAcceptedAndEmptyTheInbox() throws Exception {
        // Given a bundle and its signature uploaded over FTP into the inbox
        FtpService ftp = new FtpService(1, 1, out, new VirtualFileSystem(), FtpService.Options.defaults());
        ftp.uploadArea(new FtpUploadArea(inbox(), FtpUploadArea.DEFAULT_MAX_BYTES,
                (link, sys, now) -> armed ? FtpUploadArea.ARMED : FtpUploadArea.ALLOWED));
        FtpTestClient gcs = new FtpTestClient(ftp, out, udp);
        upload(gcs, "/@update/hoverla-1.3.0.tar", tar);
        upload(gcs, "/@update/hoverla-1.3.0.tar.minisig", sig);
        FakeInstaller installer = new FakeInstaller();
        List<String> reboots = new ArrayList<>();
        StatusTextSender texts = new StatusTextSender(out);
        UpgradeCommandHandler upgrade = new UpgradeCommandHandler(inbox(), installer, () -> armed, worker::add, out,
                texts, () -> reboots.add("reboot"));
        CommandService commands = new CommandService(1, 1, new FlightBus(), out, texts);
        commands.addLocalHandler(upgrade);

        // When the ground sends DO_UPGRADE (component 1, reboot after)
        out.clear();
        commands.onMessage(udp, Frames.from(255, 190, upgrade(1, 1)), 0);

        // Then it is IN_PROGRESS at once, and nothing is installed yet
        assertThat(acks()).containsExactly(VehicleCommandAck.IN_PROGRESS);
        assertThat(installer.bundles).isEmpty();
        assertThat(upgrade.running()).isTrue();

        // When the worker runs the install and the MAVLink thread ticks
        out.clear();
        worker.poll().run();
        upgrade.tick(1 * S);

        // Then the installer got the uploaded bytes, the answer is ACCEPTED with a line saying so,
        // the inbox is empty, and the vehicle reboots into the new version
        assertThat(installer.bundles).singleElement().isEqualTo(tar);
        assertThat(acks()).containsExactly(VehicleCommandAck.ACCEPTED);
        assertThat(texts()).containsExactly("Update installed: 1.3.0; rebooting into it");
        try (var files = Files.list(inbox())) {
            assertThat(files).isEmpty();
        }
        assertThat(reboots).containsExactly("reboot");
        assertThat(upgrade.installed()).isEqualTo(1);
        assertThat(upgrade.running()).isFalse();
    }

    @Test
    void shouldInstallARealSignedBundleThroughTheRealInstallerAndSwitchCurrent() throws Exception {
        // Given a unit with a trusted release key, and a bundle 0.2.0 signed with it
        org.hoverla.core.update.UpdateLayout layout = new org.hoverla.core.update.UpdateLayout(dir);
        java.security.SecureRandom random = java.security.SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(21);
        org.hoverla.core.release.Minisign.KeyPair key = org.hoverla.core.release.Minisign.generate(random);
        Files.createDirectories(layout.keysDir());
        Files.writeString(layout.keysDir().resolve(key.publicPart().keyIdHex() + ".pub"),
                org.hoverla.core.release.Minisign.publicKeyFile(key.publicPart()));
        Path jar = dir.resolve("src.jar");
        Files.write(jar, randomBytes(50_000, 3));
        Path bundle = dir.resolve("hoverla-0.2.0.tar");
        org.hoverla.core.release.ReleaseBundle.write(bundle, new org.hoverla.core.release.ReleaseManifest("0.2.0",
                "0123456789abcdef0123456789abcdef01234567", java.time.Instant.parse("2026-12-05T10:00:00Z"), "0.1.0", 2,
                List.of()), List.of(new org.hoverla.core.release.ReleaseBundle.Source("lib/hoverla-vehicle.jar", 0644, jar)));
        byte[] tarBytes = Files.readAllBytes(bundle);
        byte[] sigBytes = org.hoverla.core.release.Minisign.sign(key, tarBytes, "signature from test", "hoverla 0.2.0")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FtpService ftp = new FtpService(1, 1, out, new VirtualFileSystem(), FtpService.Options.defaults());
        ftp.uploadArea(new FtpUploadArea(inbox(), FtpUploadArea.DEFAULT_MAX_BYTES, (link, sys, now) -> FtpUploadArea.ALLOWED));
        FtpTestClient gcs = new FtpTestClient(ftp, out, udp);
        upload(gcs, "/@update/hoverla-0.2.0.tar", tarBytes);
        upload(gcs, "/@update/hoverla-0.2.0.tar.minisig", sigBytes);
        StatusTextSender texts = new StatusTextSender(out);
        UpgradeCommandHandler upgrade = new UpgradeCommandHandler(inbox(), new org.hoverla.core.update.UpdateInstaller(layout,
                "0.1.0"), () -> false, worker::add, out, texts, null);

        // When the ground sends DO_UPGRADE and the worker installs
        out.clear();
        upgrade.handle(udp, 255, 190, UpgradeCommandHandler.CMD_DO_UPGRADE, new double[] {1, 0, 0, 0, 0, 0, 0}, 0);
        worker.poll().run();
        upgrade.tick(S);

        // Then current is 0.2.0 with its verified signature beside it, on trial, and the ground was told
        assertThat(acks()).containsExactly(VehicleCommandAck.ACCEPTED);
        assertThat(layout.currentVersion()).isEqualTo("0.2.0");
        assertThat(Files.readAllBytes(layout.versionDir("0.2.0").resolve("lib/hoverla-vehicle.jar")))
                .isEqualTo(Files.readAllBytes(jar));
        assertThat(Files.readAllBytes(layout.versionDir("0.2.0").resolve("release.minisig"))).isEqualTo(sigBytes);
        org.hoverla.core.update.UpdateState state = org.hoverla.core.update.UpdateState.read(layout.stateFile());
        assertThat(state.committed()).isFalse();
        assertThat(state.lastEvent().keyId()).isEqualTo(key.publicPart().keyIdHex());
    }

    @Test
    void shouldAnswerFailedWithTheInstallersLineAndKeepTheInbox() throws Exception {
        // Given an uploaded bundle the installer refuses (a flipped byte)
        Files.createDirectories(inbox());
        Files.write(inbox().resolve("hoverla-1.3.0.tar"), tar);
        Files.write(inbox().resolve("hoverla-1.3.0.tar.minisig"), sig);
        FakeInstaller installer = new FakeInstaller();
        installer.refusal = "hoverla-1.3.0.tar: signature does not match the content";
        UpgradeCommandHandler upgrade = new UpgradeCommandHandler(inbox(), installer, () -> armed, Runnable::run, out,
                new StatusTextSender(out), null);

        // When DO_UPGRADE runs (component 0 = all, no reboot)
        int now = upgrade.handle(udp, 255, 190, UpgradeCommandHandler.CMD_DO_UPGRADE, new double[] {0, 0, 0, 0, 0, 0, 0}, 0);
        out.clear();
        upgrade.tick(S);

        // Then IN_PROGRESS, then FAILED with the refusal line, and the bundle stays for inspection
        assertThat(now).isEqualTo(VehicleCommandAck.IN_PROGRESS);
        assertThat(acks()).containsExactly(VehicleCommandAck.FAILED);
        assertThat(texts()).singleElement().asString().startsWith("Update refused: hoverla-1.3.0.tar: signature does");
        assertThat(Files.exists(inbox().resolve("hoverla-1.3.0.tar"))).isTrue();
        assertThat(upgrade.failed()).isEqualTo(1);
    }

    @Test
    void shouldRefuseWhileArmedWithoutABundleForAnotherComponentOrWhileRunning() throws Exception {
        // Given an installer and an empty inbox
        FakeInstaller installer = new FakeInstaller();
        UpgradeCommandHandler upgrade = new UpgradeCommandHandler(inbox(), installer, () -> armed, worker::add, out,
                new StatusTextSender(out), null);
        double[] p = {1, 0, 0, 0, 0, 0, 0};

        // When asked with no bundle, Then DENIED with the reason
        assertThat(upgrade.handle(udp, 255, 190, 247, p, 0)).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(texts()).last().asString().startsWith("Update refused: no hoverla-VERSION.tar in the update inbox");

        // When the bundle has no signature beside it, Then DENIED
        Files.createDirectories(inbox());
        Files.write(inbox().resolve("hoverla-1.3.0.tar"), tar);
        assertThat(upgrade.handle(udp, 255, 190, 247, p, 0)).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(texts()).last().asString().isEqualTo("Update refused: hoverla-1.3.0.tar has no .minisig beside it");
        Files.write(inbox().resolve("hoverla-1.3.0.tar.minisig"), sig);

        // When armed, Then DENIED, whatever the inbox holds
        armed = true;
        assertThat(upgrade.handle(udp, 255, 190, 247, p, 0)).isEqualTo(VehicleCommandAck.DENIED);
        assertThat(texts()).last().asString().isEqualTo("Update refused: vehicle is armed");
        armed = false;

        // When another component is named, Then DENIED
        assertThat(upgrade.handle(udp, 255, 190, 247, new double[] {2, 0, 0, 0, 0, 0, 0}, 0))
                .isEqualTo(VehicleCommandAck.DENIED);

        // When one install runs and another is asked, Then TEMPORARILY_REJECTED
        assertThat(upgrade.handle(udp, 255, 190, 247, p, 0)).isEqualTo(VehicleCommandAck.IN_PROGRESS);
        assertThat(upgrade.handle(udp, 255, 190, 247, p, 0)).isEqualTo(VehicleCommandAck.TEMPORARILY_REJECTED);
        assertThat(installer.bundles).isEmpty();
        assertThat(upgrade.refused()).isEqualTo(5);
        // And another command is not this handler's
        assertThat(upgrade.handle(udp, 255, 190, 246, p, 0)).isEqualTo(UpgradeCommandHandler.NOT_HANDLED);
    }

    @Test
    void shouldClassDoUpgradeDangerousAndGateTheInboxInTheVehicleInterface() throws Exception {
        // DO_UPGRADE needs the owner's authority, armed or not
        assertThat(AuthorityPolicy.classifyCommand(247, 1, 0, false, false)).isEqualTo(AuthorityPolicy.DANGEROUS);

        // Given a vehicle interface with updates enabled, a trusted link configured (so an
        // untrusted, unsigned station is not authorised), and a disarmed vehicle
        FlightBus bus = new FlightBus();
        ParamStore store = new ParamStore();
        FlightParams params = new FlightParams(store);
        VehicleIdentity id = new VehicleIdentity(1, 1, VehicleIdentity.Frame.QUAD_X, "0.1.0", 7L);
        VehicleStatus status = new VehicleStatus();
        status.armingState = ArmingState.STANDBY;
        var statusPub = bus.vehicleStatus.advertise();
        statusPub.publish(status);
        FakeInstaller installer = new FakeInstaller();
        try (MavlinkVehicleInterface mav = new MavlinkVehicleInterface(id, bus, store, ParamPersistence.NONE,
                new SimClock(), null, null, new PlanInstaller(bus, params), PlanStore.NONE)) {
            UpgradeCommandHandler upgrade = mav.enableUpdates(inbox(), installer, Runnable::run, 1 << 20, null);
            FileTransferProtocol create = FileTransferProtocol.builder().targetSystem(1).targetComponent(1)
                    .payload(request(FtpPayload.OP_CREATE_FILE, 0, 0, 0, "/@update/hoverla-1.3.0.tar").encode()).build();

            // When an unconfigured vehicle (every station authorised) gets an upload, Then it lands
            deliver(mav, create);
            assertThat(Files.exists(inbox().resolve("hoverla-1.3.0.tar"))).isTrue();
            Files.delete(inbox().resolve("hoverla-1.3.0.tar"));
            mav.ftp().onMessage(udp, Frames.from(255, 190, FileTransferProtocol.builder().targetSystem(1)
                    .targetComponent(1).payload(request(FtpPayload.OP_RESET_SESSIONS, 0, 0, 0, null).encode())
                    .build()), 0);

            // When a trusted link is configured (this one is not), Then the same upload is refused
            store.find("MAV_LINK_TRUST").set(2);
            deliver(mav, FileTransferProtocol.builder().targetSystem(1).targetComponent(1)
                    .payload(withSeq(request(FtpPayload.OP_CREATE_FILE, 0, 0, 0, "/@update/hoverla-1.3.0.tar"), 7)
                            .encode()).build());
            assertThat(Files.exists(inbox().resolve("hoverla-1.3.0.tar"))).isFalse();
            assertThat(mav.ftp().uploadRefusals(FtpUploadArea.NOT_AUTHORISED)).isEqualTo(1);

            // When the vehicle is armed (trust back to none), Then refused as armed
            store.find("MAV_LINK_TRUST").set(0);
            status.armingState = ArmingState.ARMED;
            statusPub.publish(status);
            deliver(mav, FileTransferProtocol.builder().targetSystem(1).targetComponent(1)
                    .payload(withSeq(request(FtpPayload.OP_CREATE_FILE, 0, 0, 0, "/@update/hoverla-1.3.0.tar"), 9)
                            .encode()).build());
            assertThat(mav.ftp().uploadRefusals(FtpUploadArea.ARMED)).isEqualTo(1);

            // And DO_UPGRADE while armed is refused before any install
            deliver(mav, upgrade(1, 0));
            assertThat(upgrade.refused()).isEqualTo(1);
            assertThat(installer.bundles).isEmpty();
        }
    }

    private static FtpPayload withSeq(FtpPayload p, int seq) {
        p.seq = seq;
        return p;
    }

    private void deliver(MavlinkVehicleInterface mav, Object payload) {
        for (MavlinkService s : mav.links().services()) {
            s.onMessage(udp, Frames.from(255, 190, payload), 0);
        }
    }
}
