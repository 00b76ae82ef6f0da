package org.hoverla.core.boot.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.hoverla.core.mavlink.signing.MavlinkSignature;
import org.hoverla.core.mavlink.signing.SigningKeyStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoverla keys}: the vehicle's MAVLink 2 signing key, offline (docs/mavlink-signing.md).
 * The key lives in {@code STATE_DIR/signing.key} (mode 0600) and is read at boot; these commands
 * change the file, never a running vehicle (a running vehicle changes keys with SETUP_SIGNING), and
 * cannot know whether a vehicle is armed: stop the vehicle first. No command prints a key: only
 * its id (first 8 hex digits of its SHA-256). Exit 0 done, 1 failed (one line), 2 bad command line.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Generate, install, rotate, revoke or show the vehicle's MAVLink 2 signing key (offline:"
                + " stop the vehicle first; it reads the key at boot). Keys are never printed, only their ids.",
            "The key is STATE_DIR/signing.key, mode 0600 (docs/mavlink-signing.md)."},
        subcommands = {KeysCommand.Generate.class, KeysCommand.Install.class, KeysCommand.Rotate.class,
                KeysCommand.Revoke.class, KeysCommand.Show.class})
public final class KeysCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "give a subcommand: generate, install, rotate, revoke or show");
    }

    /** Where the vehicle's key is. */
    static class Where {
        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "The vehicle's state directory (default: $HOVERLA_STATE_DIR, else ~/.hoverla/vehicle).")
        Path stateDir;

        @Option(names = "--key-file", paramLabel = "FILE",
                description = "The key file instead of STATE_DIR/signing.key (the SITL's: sitl-signing.key beside"
                        + " its --params file, by default ~/.hoverla/sitl-signing.key).")
        Path keyFile;

        SigningKeyStore store() {
            if (keyFile != null) {
                return new SigningKeyStore(keyFile);
            }
            return SigningKeyStore.inStateDir(stateDir != null ? stateDir : RunCommand.defaultStateDir());
        }
    }

    static final String OFFLINE_NOTE = "(a running vehicle keeps its key until it restarts; this command cannot see"
            + " whether one is armed)";

    static byte[] readKeyFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such key file");
        }
        return SigningKeyStore.parseKey(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
    }

    static byte[] readPassphrase(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such passphrase file");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        // One line: the trailing newline an editor adds is not part of the passphrase.
        text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (text.isEmpty()) {
            throw new IOException(file + ": the passphrase is empty");
        }
        return SigningKeyStore.keyFromPassphrase(text);
    }

    /** Writes a key to a new file for a ground station: 64 hex digits, mode 0600, never over an existing file. */
    static void writeNewKeyFile(Path out, byte[] key) throws IOException {
        if (Files.exists(out)) {
            throw new IOException(out + ": exists; choose another file (a key file is never overwritten)");
        }
        new SigningKeyStore(out).saveKey(key);
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Writes a new random 32-byte key (hex, mode 0600) to FILE for 'keys install' and the ground"
                    + " station; prints its id.")
    static final class Generate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "The new key file (must not exist).")
        Path out;

        @Override
        public Integer call() throws IOException {
            byte[] key = SigningKeyStore.randomKey();
            try {
                writeNewKeyFile(out, key);
                spec.commandLine().getOut().println("key " + SigningKeyStore.keyId(key) + " written to " + out
                        + " (mode 0600)");
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Installs a key from a key file (64 hex digits) or a passphrase file (QGroundControl's"
                    + " way: the key is SHA-256 of the passphrase), replacing any installed key."})
    static final class Install implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Where where = new Where();

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A key file ('keys generate').")
        Path file;

        @Option(names = "--passphrase-file", paramLabel = "F",
                description = "A file holding the passphrase (one line) the ground station is given.")
        Path passphraseFile;

        @Override
        public Integer call() throws IOException {
            if ((file == null) == (passphraseFile == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give a key FILE or --passphrase-file F");
            }
            byte[] key = file != null ? readKeyFile(file) : readPassphrase(passphraseFile);
            try {
                SigningKeyStore store = where.store();
                String old = currentId(store);
                store.saveKey(key);
                PrintWriter out = spec.commandLine().getOut();
                out.println("key " + SigningKeyStore.keyId(key) + " installed in " + store.keyFile()
                        + (old != null ? " (replaced " + old + ")" : "") + " " + OFFLINE_NOTE);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Replaces the installed key with a new random one, a copy of which goes to --out for the"
                    + " ground station; prints the old and new ids. The old key is not kept.")
    static final class Rotate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Where where = new Where();

        @Option(names = "--out", paramLabel = "FILE", required = true,
                description = "Where the new key goes for the ground station (must not exist).")
        Path out;

        @Override
        public Integer call() throws IOException {
            SigningKeyStore store = where.store();
            String old = currentId(store);
            byte[] key = SigningKeyStore.randomKey();
            try {
                writeNewKeyFile(out, key);
                store.saveKey(key);
                spec.commandLine().getOut().println("key " + SigningKeyStore.keyId(key) + " installed in "
                        + store.keyFile() + ", was " + (old != null ? old : "none") + "; copy for the ground station in "
                        + out + " " + OFFLINE_NOTE);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Removes the installed key: at its next boot the vehicle signs nothing and requires no"
                    + " signature. The persisted timestamp stays.")
    static final class Revoke implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Where where = new Where();

        @Override
        public Integer call() throws IOException {
            SigningKeyStore store = where.store();
            String old = Files.exists(store.keyFile()) ? idOrUnreadable(store) : null;
            if (!store.deleteKey()) {
                spec.commandLine().getOut().println("no key installed in " + store.keyFile());
                return 0;
            }
            spec.commandLine().getOut().println("key " + old + " removed from " + store.keyFile() + ": signing off "
                    + OFFLINE_NOTE);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints the installed key's id, the key file's mode and the persisted timestamp (never the key).")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Where where = new Where();

        @Override
        public Integer call() throws IOException {
            SigningKeyStore store = where.store();
            PrintWriter out = spec.commandLine().getOut();
            out.println("key file:  " + store.keyFile() + " (" + store.keyFileMode() + ")");
            byte[] key = store.loadKey(); // refuses a key file others can read: exit 1 with the fix
            out.println("key id:    " + (key == null ? "none (signing off)" : SigningKeyStore.keyId(key)));
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
            long ts = store.loadTimestamp();
            out.println("timestamp: " + (ts == 0 ? "none persisted" : ts + " (10 us since 2015, "
                    + java.time.Instant.ofEpochMilli(MavlinkSignature.EPOCH_2015_UNIX_MS + ts / 100) + ")"));
            return 0;
        }
    }

    private static String currentId(SigningKeyStore store) {
        try {
            byte[] k = store.loadKey();
            return k == null ? null : SigningKeyStore.keyId(k);
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static String idOrUnreadable(SigningKeyStore store) {
        String id = currentId(store);
        return id == null ? "none" : id;
    }
}
