package org.hoverla.core.update;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hoverla.core.BuildInfo;
import org.hoverla.core.param.persist.ParamSchema;
import org.hoverla.core.release.Minisign;
import org.hoverla.core.release.ReleaseException;

/**
 * What runs on this unit, for {@code ./hoverla version}, AUTOPILOT_VERSION and the unit record:
 * the version and commit of this build, the key that signed the installed release, the install
 * root and whether the running version is committed or on trial, and the parameter schema.
 *
 * <p><b>Signer.</b> An installed version directory holds {@value #SIGNATURE_FILE}, the signature
 * the installer verified against the trust list before it switched (COMMON21: copied there by
 * the installer). This class reads the key id from it ({@code <jar dir>/../release.minisig})
 * without verifying it again: the bundle it signed is not kept, and the trust decision was
 * made at install time. No such file (a build run from the source tree, a jar copied by hand):
 * {@link #signed()} is false, "unsigned development build".
 *
 * <p><b>Install.</b> When the jar's real path (symbolic links resolved, so a start through
 * {@code opt/hoverla/current} counts) is {@code ROOT/opt/hoverla/versions/V/lib/hoverla-vehicle.jar},
 * the unit runs from an A/B install under {@code ROOT}; {@link UpdateState} then says whether
 * {@code V} is committed, on trial, or not the version {@code current} names.
 *
 * <p>Immutable; {@link #inspect} reads two small files, so call it from a command or boot
 * thread, never the flight thread. {@link #signerOfThisBuild()} is read once and cached.
 */
public record RunningRelease(String version, String commit, String signerKeyId, String trustedComment,
                             String signatureProblem, Path jar, Path installRoot, String installedVersion,
                             String installState, int trialBoots, int paramSchema) {

    /** The verified signature an installed version directory keeps. */
    public static final String SIGNATURE_FILE = "release.minisig";
    /** The vehicle jar's name in a bundle and an installed version ({@code lib/}). */
    public static final String JAR_NAME = "hoverla-vehicle.jar";

    /** {@link #installState()}: the running version passed its boot check. */
    public static final String COMMITTED = "committed";
    /** {@link #installState()}: the running version is installed but not yet committed. */
    public static final String TRIAL = "trial";
    /** {@link #installState()}: {@code current} names another version (a manual start of an old one). */
    public static final String NOT_CURRENT = "not current";
    /** {@link #installState()}: the state file is missing or unreadable. */
    public static final String UNKNOWN = "unknown";

    /** @return whether the installed release carries a readable signature (its key id is known) */
    public boolean signed() {
        return signerKeyId != null;
    }

    /**
     * Inspects a jar (a regular file, or null / a class directory when run from the build tree).
     *
     * @param jar     where this build's classes come from; null when unknown
     * @param version the build's version (the jar manifest's), null = development build
     * @param commit  the build's commit, "" when unknown
     */
    public static RunningRelease inspect(Path jar, String version, String commit) {
        String keyId = null;
        String comment = null;
        String problem = null;
        Path root = null;
        String installed = null;
        String state = null;
        int trial = 0;
        Path real = null;
        if (jar != null && Files.isRegularFile(jar)) {
            try {
                real = jar.toRealPath();
            } catch (IOException e) {
                real = jar.toAbsolutePath().normalize();
            }
            Path sig = real.getParent() == null || real.getParent().getParent() == null ? null
                    : real.getParent().getParent().resolve(SIGNATURE_FILE);
            if (sig != null) {
                try {
                    Minisign.SignatureFile s = Minisign.parseSignature(Files.readString(sig, StandardCharsets.UTF_8));
                    keyId = s.keyIdHex();
                    comment = s.trustedComment();
                } catch (NoSuchFileException e) {
                    // unsigned: nothing to say
                } catch (IOException | ReleaseException e) {
                    problem = sig + ": " + e.getMessage();
                }
            }
            root = installRoot(real);
            if (root != null) {
                installed = real.getParent().getParent().getFileName().toString();
                UpdateLayout layout = new UpdateLayout(root);
                try {
                    UpdateState st = UpdateState.read(layout.stateFile());
                    if (st.current() == null) {
                        state = UNKNOWN;
                    } else if (!st.current().equals(installed)) {
                        state = NOT_CURRENT;
                    } else {
                        state = st.committed() ? COMMITTED : TRIAL;
                        trial = st.committed() ? 0 : st.trialBoots();
                    }
                } catch (IOException e) {
                    state = UNKNOWN;
                }
            }
        }
        return new RunningRelease(version, commit == null ? "" : commit, keyId, comment, problem, real, root, installed,
                state, trial, ParamSchema.CURRENT);
    }

    /**
     * The root of the A/B install a jar belongs to: {@code ROOT} for
     * {@code ROOT/opt/hoverla/versions/V/lib/hoverla-vehicle.jar}, else null.
     */
    public static Path installRoot(Path realJar) {
        Path lib = realJar.getParent();
        Path versionDir = lib == null ? null : lib.getParent();
        Path versions = versionDir == null ? null : versionDir.getParent();
        Path hoverla = versions == null ? null : versions.getParent();
        Path opt = hoverla == null ? null : hoverla.getParent();
        if (opt == null || opt.getParent() == null || !realJar.getFileName().toString().equals(JAR_NAME)
                || !lib.getFileName().toString().equals("lib") || !versions.getFileName().toString().equals("versions")
                || !hoverla.getFileName().toString().equals("hoverla") || !opt.getFileName().toString().equals("opt")) {
            return null;
        }
        String v = versionDir.getFileName().toString();
        if (v.endsWith(".partial")) {
            return null;
        }
        return opt.getParent();
    }

    /**
     * Where this jar installs updates: the A/B root it runs from ({@link #installRoot}), or ROOT for
     * the package's own {@code ROOT/opt/hoverla/lib/hoverla-vehicle.jar} (a unit never updated yet);
     * null for a development build.
     */
    public static Path updateRoot(Path realJar) {
        Path ab = installRoot(realJar);
        if (ab != null) {
            return ab;
        }
        Path lib = realJar.getParent();
        Path hoverla = lib == null ? null : lib.getParent();
        Path opt = hoverla == null ? null : hoverla.getParent();
        if (opt == null || opt.getParent() == null || !realJar.getFileName().toString().equals(JAR_NAME)
                || !lib.getFileName().toString().equals("lib") || !hoverla.getFileName().toString().equals("hoverla")
                || !opt.getFileName().toString().equals("opt")) {
            return null;
        }
        return opt.getParent();
    }

    /** This process: the jar holding this class, its manifest version and the build's commit. */
    public static RunningRelease current() {
        // The jar manifest's Implementation-Version, as VehicleIdentity.manifestVersion() reads it.
        Package p = RunningRelease.class.getPackage();
        return inspect(thisJar(), p == null ? null : p.getImplementationVersion(), BuildInfo.gitCommit());
    }

    private static volatile String[] cachedSigner;

    /**
     * The signer's key id of the release this process runs (16 hex digits as minisign shows it),
     * or null for an unsigned development build; read once.
     */
    public static String signerOfThisBuild() {
        String[] c = cachedSigner;
        if (c == null) {
            c = new String[] {current().signerKeyId()};
            cachedSigner = c;
        }
        return c[0];
    }

    /**
     * The jar this process runs from, as a real path (the launcher reaches it through the
     * {@code current} link), or null when the classes come from a directory (the build tree).
     */
    public static Path thisJar() {
        try {
            java.security.CodeSource cs = RunningRelease.class.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) {
                return null;
            }
            Path p = Path.of(cs.getLocation().toURI());
            return Files.isRegularFile(p) ? p.toRealPath() : null;
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return null;
        }
    }

    /** What {@code ./hoverla version} prints, one fact a line. */
    public List<String> lines() {
        List<String> l = new ArrayList<>();
        l.add("Hoverla " + (version == null ? "(development build)" : version)
                + (commit.isEmpty() ? " (commit unknown)" : " commit " + commit));
        if (signed()) {
            l.add("signed by release key " + signerKeyId + (trustedComment == null ? "" : " (" + trustedComment + ")"));
        } else {
            l.add("unsigned development build" + (signatureProblem == null ? "" : " (" + signatureProblem + ")"));
        }
        if (installRoot == null) {
            l.add("not an A/B install" + (jar == null ? " (run from classes)" : " (" + jar + ")"));
        } else {
            l.add("install root " + installRoot + ", version " + installedVersion + ": " + installState
                    + (TRIAL.equals(installState) ? " (trial boots " + trialBoots + ")" : ""));
        }
        l.add("parameter schema " + paramSchema);
        return l;
    }

    /** As {@code ./hoverla version --json} prints it. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        putOrNull(o, "version", version);
        o.put("git_commit", commit);
        o.put("signed", signed());
        putOrNull(o, "signer_key_id", signerKeyId);
        putOrNull(o, "trusted_comment", trustedComment);
        putOrNull(o, "signature_problem", signatureProblem);
        putOrNull(o, "jar", jar == null ? null : jar.toString());
        putOrNull(o, "install_root", installRoot == null ? null : installRoot.toString());
        putOrNull(o, "installed_version", installedVersion);
        putOrNull(o, "install_state", installState);
        o.put("trial_boots", trialBoots);
        o.put("param_schema", paramSchema);
        return o;
    }

    private static void putOrNull(ObjectNode o, String k, String v) {
        if (v == null) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }
}
