package org.hoverla.core.mavlink.command;

import io.dronefleet.mavlink.MavlinkMessage;
import io.dronefleet.mavlink.common.CommandAck;
import io.dronefleet.mavlink.common.MavCmd;
import io.dronefleet.mavlink.common.MavResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.hoverla.core.mavlink.MavlinkLink;
import org.hoverla.core.mavlink.MavlinkOutput;
import org.hoverla.core.mavlink.MavlinkService;
import org.hoverla.core.mavlink.StatusTextSender;
import org.hoverla.core.mavlink.link.EnumValues;
import org.hoverla.core.msg.VehicleCommandAck;
import org.hoverla.core.msg.VehicleEvent;
import org.hoverla.core.update.BundleInstaller;
import org.hoverla.core.update.UpdateRefusedException;

/**
 * {@code MAV_CMD_DO_UPGRADE} (247): installs the bundle the ground uploaded into the update inbox
 * over MAVLink FTP ({@link org.hoverla.core.mavlink.ftp.FtpUploadArea}), through the one install
 * path, {@link BundleInstaller} (docs/update-over-mavlink.md).
 *
 * <p>{@code param1}: component id, 0 (all) or 1 (the autopilot, the only component with a
 * Hoverla bundle); {@code param2}: 1 = reboot into the new version after a successful install.
 * The command authority has already classed the command dangerous (an authorised station).
 * Refused at once: armed (DENIED), another component (DENIED), an install already running
 * (TEMPORARILY_REJECTED), an inbox without exactly one {@code hoverla-V.tar} with its
 * {@code .minisig} (DENIED); each refusal also goes out as a STATUSTEXT line. Otherwise the answer
 * is IN_PROGRESS and the install runs on the {@code worker} (never the MAVLink thread: it reads,
 * hashes and writes tens of MB). When it ends, {@link #tick} sends the final COMMAND_ACK
 * (ACCEPTED, or FAILED with the installer's one-line reason as STATUSTEXT) to the station that
 * asked, removes the installed bundle from the inbox, and reboots if asked. Nothing is switched
 * unless the installer verified the bundle (its contract).
 *
 * <p>MAVLink thread ({@link #handle}, {@link #tick}); the worker only runs the installer and
 * publishes one outcome.
 */
public final class UpgradeCommandHandler implements LocalCommandHandler, MavlinkService {
    /** {@code MAV_CMD_DO_UPGRADE}. */
    public static final int CMD_DO_UPGRADE = 247;

    /** What to do after a successful install with param2 = 1; returns a MAV_RESULT (ignored). */
    @FunctionalInterface
    public interface Reboot {
        void reboot();
    }

    private record Request(MavlinkLink link, int system, int component, boolean reboot, Path bundle) {
    }

    private record Outcome(Request request, int result, String text) {
    }

    private final Path inbox;
    private final BundleInstaller installer;
    private final BooleanSupplier armed;
    private final Executor worker;
    private final MavlinkOutput out;
    private final StatusTextSender texts;
    private final Reboot reboot;
    private final AtomicReference<Outcome> done = new AtomicReference<>();
    private volatile boolean running;
    private volatile long started;
    private volatile long installed;
    private volatile long failed;
    private volatile long refused;

    /**
     * @param inbox     where uploads land ({@code STATE_DIR/update/inbox})
     * @param armed     the vehicle's armed state, read on the MAVLink thread
     * @param worker    runs the install (a single daemon thread on a vehicle; direct in tests)
     * @param reboot    called on the MAVLink thread after an install asked to reboot; null = none
     */
    public UpgradeCommandHandler(Path inbox, BundleInstaller installer, BooleanSupplier armed, Executor worker,
                                 MavlinkOutput out, StatusTextSender texts, Reboot reboot) {
        this.inbox = inbox;
        this.installer = installer;
        this.armed = armed;
        this.worker = worker;
        this.out = out;
        this.texts = texts;
        this.reboot = reboot;
    }

    @Override
    public int handle(MavlinkLink link, int sourceSystem, int sourceComponent, int command, double[] params, long nowNs) {
        if (command != CMD_DO_UPGRADE) {
            return NOT_HANDLED;
        }
        if (armed.getAsBoolean()) {
            return refuse(link, VehicleCommandAck.DENIED, "Update refused: vehicle is armed");
        }
        double component = params[0];
        if (!(component == 0 || component == 1 || Double.isNaN(component))) {
            return refuse(link, VehicleCommandAck.DENIED, "Update refused: component " + (long) component
                    + " has no Hoverla bundle (use 0 or 1)");
        }
        if (running) {
            return refuse(link, VehicleCommandAck.TEMPORARILY_REJECTED, "Update refused: an update is already running");
        }
        Path bundle;
        try {
            bundle = onlyBundle();
        } catch (UpdateRefusedException e) {
            return refuse(link, VehicleCommandAck.DENIED, e.getMessage());
        }
        Request r = new Request(link, sourceSystem, sourceComponent, params[1] == 1, bundle);
        running = true;
        try {
            worker.execute(() -> install(r));
        } catch (RejectedExecutionException e) {
            running = false;
            return refuse(link, VehicleCommandAck.TEMPORARILY_REJECTED, "Update refused: installer not available");
        }
        started++;
        texts.send(link, VehicleEvent.INFO, "Update: installing " + bundle.getFileName());
        return VehicleCommandAck.IN_PROGRESS;
    }

    /** Worker thread: the install, then one outcome for the MAVLink thread. */
    private void install(Request r) {
        Path sig = r.bundle().resolveSibling(r.bundle().getFileName() + ".minisig");
        Outcome o;
        try {
            String version = installer.install(r.bundle(), sig, false);
            o = new Outcome(r, VehicleCommandAck.ACCEPTED, "Update installed: " + version
                    + (r.reboot() ? "; rebooting into it" : "; it starts at the next boot"));
        } catch (UpdateRefusedException e) {
            o = new Outcome(r, VehicleCommandAck.FAILED, "Update refused: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            o = new Outcome(r, VehicleCommandAck.FAILED, "Update failed: " + e);
        }
        done.set(o);
    }

    @Override
    public void onMessage(MavlinkLink source, MavlinkMessage<?> message, long nowNs) {
        // Commands reach this handler through the command service.
    }

    /** Sends the final answer once the install ended (MAVLink thread). */
    @Override
    public void tick(long nowNs) {
        Outcome o = done.getAndSet(null);
        if (o == null) {
            return;
        }
        running = false;
        Request r = o.request();
        out.send(r.link(), CommandAck.builder()
                .command(EnumValues.of(MavCmd.class, CMD_DO_UPGRADE))
                .result(EnumValues.of(MavResult.class, o.result()))
                .targetSystem(r.system())
                .targetComponent(r.component())
                .build());
        boolean ok = o.result() == VehicleCommandAck.ACCEPTED;
        texts.send(r.link(), ok ? VehicleEvent.INFO : VehicleEvent.CRITICAL, o.text());
        if (ok) {
            installed++;
            try {
                // Installed: the version directory holds its own copy; free the inbox.
                Files.deleteIfExists(r.bundle().resolveSibling(r.bundle().getFileName() + ".minisig"));
                Files.deleteIfExists(r.bundle());
            } catch (IOException e) {
                texts.send(r.link(), VehicleEvent.WARNING, "Update: could not empty the inbox: " + e.getMessage());
            }
            if (r.reboot() && reboot != null) {
                reboot.reboot();
            }
        } else {
            failed++;
        }
    }

    /** The one {@code hoverla-*.tar} in the inbox, with its signature beside it. */
    private Path onlyBundle() throws UpdateRefusedException {
        List<Path> tars = new ArrayList<>();
        if (Files.isDirectory(inbox)) {
            try (Stream<Path> s = Files.list(inbox)) {
                s.filter(p -> p.getFileName().toString().startsWith("hoverla-")
                        && p.getFileName().toString().endsWith(".tar")).sorted().forEach(tars::add);
            } catch (IOException e) {
                throw new UpdateRefusedException("Update refused: cannot read the update inbox: " + e.getMessage());
            }
        }
        if (tars.isEmpty()) {
            throw new UpdateRefusedException("Update refused: no hoverla-VERSION.tar in the update inbox (upload it"
                    + " to /@update/ first)");
        }
        if (tars.size() > 1) {
            throw new UpdateRefusedException("Update refused: " + tars.size() + " bundles in the update inbox;"
                    + " remove all but one");
        }
        Path bundle = tars.get(0);
        if (!Files.isRegularFile(bundle.resolveSibling(bundle.getFileName() + ".minisig"))) {
            throw new UpdateRefusedException("Update refused: " + bundle.getFileName() + " has no .minisig beside it");
        }
        return bundle;
    }

    private int refuse(MavlinkLink link, int result, String line) {
        refused++;
        texts.send(link, VehicleEvent.WARNING, line);
        return result;
    }

    /** @return whether an install is running now */
    public boolean running() {
        return running;
    }

    /** @return installs started */
    public long started() {
        return started;
    }

    /** @return installs that ended ACCEPTED */
    public long installed() {
        return installed;
    }

    /** @return installs that ended FAILED */
    public long failed() {
        return failed;
    }

    /** @return requests refused before an install started */
    public long refused() {
        return refused;
    }
}
