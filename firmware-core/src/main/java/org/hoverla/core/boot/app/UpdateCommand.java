package org.hoverla.core.boot.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hoverla.core.release.Minisign;
import org.hoverla.core.release.ReleaseException;
import org.hoverla.core.update.TrustList;
import org.hoverla.core.update.UpdateInstaller;
import org.hoverla.core.update.UpdateLayout;
import org.hoverla.core.update.UpdateRecovery;
import org.hoverla.core.update.UpdateRefusedException;
import org.hoverla.core.update.UpdateState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoverla update}: installs a signed release bundle beside the running version and
 * switches {@code current} to it (docs/field-updates.md); {@code --status} prints the update
 * state; {@code --trust} and {@code --revoke} edit the trust list. Exit 0 done, 1 refused or
 * failed (one line), 2 bad command line.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Install a signed release bundle (A/B: beside the running version, which stays for a rollback),"
                + " or show the update state, or trust or revoke a release key.",
            "The next start's boot check commits the new version or rolls it back (docs/field-updates.md)."})
public final class UpdateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "The root the install lives under (default: ${DEFAULT-VALUE}; a scratch directory in tests).")
    Path root;

    @Option(names = "--trust", paramLabel = "PUBKEY",
            description = "Add this minisign public key file to the trust list (etc/hoverla/release-keys/KEYID.pub) first.")
    Path trust;

    @Option(names = "--revoke", paramLabel = "KEYID",
            description = "Revoke a release key id (16 hex digits): bundles it signed are refused from now on.")
    String revoke;

    @Option(names = "--allow-downgrade", description = "Install an older version (or the same one again).")
    boolean allowDowngrade;

    @Option(names = "--signature", paramLabel = "FILE", description = "The bundle's signature (default: BUNDLE.minisig).")
    Path signature;

    @Option(names = "--status", description = "Print the update state as JSON (current, previous, committed, last_good,"
            + " trial_boots, last_event).")
    boolean status;

    @Parameters(arity = "0..1", paramLabel = "BUNDLE", description = "The release bundle, hoverla-VERSION.tar.")
    Path bundle;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        UpdateLayout layout = new UpdateLayout(root);
        if (!Files.isDirectory(root)) {
            throw usage("the root " + root + " is not a directory");
        }
        int modes = (status ? 1 : 0) + (revoke != null ? 1 : 0) + (bundle != null || trust != null ? 1 : 0);
        if (modes != 1) {
            throw usage("give a BUNDLE (with --trust, --allow-downgrade, --signature), or --trust PUBKEY alone,"
                    + " or --status, or --revoke KEYID");
        }
        if (status) {
            UpdateRecovery.reconcile(layout).forEach(s -> err.println("update: " + s));
            out.println(UpdateState.read(layout.stateFile()).toJson().toPrettyString());
            return 0;
        }
        if (revoke != null) {
            String id;
            try {
                id = TrustList.keyId(revoke);
            } catch (ReleaseException e) {
                throw usage(e.getMessage());
            }
            TrustList.revoke(layout, id);
            out.println("revoked key " + id + ": bundles it signed are refused from now on");
            return 0;
        }
        UpdateInstaller installer = new UpdateInstaller(layout, org.hoverla.core.mavlink.telemetry.VehicleIdentity.manifestVersion());
        String running = installer.runningVersion();
        String untouched = "; running version " + (running == null ? "(none)" : running) + " untouched";
        if (trust != null) {
            try {
                String id = TrustList.trust(layout, Minisign.parsePublicKey(Files.readString(trust, StandardCharsets.UTF_8)));
                out.println("trusted key " + id + " (" + layout.keysDir().resolve(id + ".pub") + ")");
            } catch (IOException | ReleaseException e) {
                err.println("update refused: cannot trust " + trust + ": " + VehicleMain.firstLine(String.valueOf(e.getMessage()))
                        + untouched);
                return VehicleMain.EXIT_FAILURE;
            }
            if (bundle == null) {
                return 0;
            }
        }
        UpdateRecovery.reconcile(layout).forEach(s -> err.println("update: " + s));
        Path sig = signature != null ? signature : bundle.resolveSibling(bundle.getFileName() + ".minisig");
        try {
            String v = installer.install(bundle, sig, allowDowngrade);
            UpdateState.Event e = UpdateState.read(layout.stateFile()).lastEvent();
            out.println("installed " + v + " over " + (running == null ? "(none)" : running) + ", signed by key "
                    + (e == null ? "?" : e.keyId()) + "; next start runs the boot check");
            return 0;
        } catch (UpdateRefusedException e) {
            err.println("update refused: " + e.getMessage() + untouched);
            return VehicleMain.EXIT_FAILURE;
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
