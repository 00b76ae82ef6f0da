package org.hoverla.core.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;

/**
 * Who owns what an update writes. The vehicle runs as the service user ({@code hoverla}, the owner of
 * STATE_DIR); an operator runs {@code ./hoverla update} as root. What root's update writes under
 * {@code versions/}, the {@code current} link and {@code update/} is handed to STATE_DIR's owner, so the
 * service user's boot check can switch back and its MAVLink updates can install later. The trust list
 * ({@code etc/hoverla/release-keys}) is never handed over: the flight process must not choose its own
 * signers. Nothing happens when the writer already is STATE_DIR's owner, or is not root.
 */
final class UpdateOwnership {
    private UpdateOwnership() {
    }

    /** Hands each path (a tree, not following links) to STATE_DIR's owner and group. */
    static void handOver(UpdateLayout layout, Path... paths) throws IOException {
        Path state = layout.stateDir();
        if (!Files.isDirectory(state) || !"root".equals(System.getProperty("user.name"))) {
            return;
        }
        PosixFileAttributes owner = Files.readAttributes(state, PosixFileAttributes.class);
        UserPrincipal user = owner.owner();
        GroupPrincipal group = owner.group();
        if ("root".equals(user.getName())) {
            return;
        }
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            List<Path> all;
            try (Stream<Path> s = Files.walk(p)) {
                all = s.toList();
            }
            for (Path q : all) {
                PosixFileAttributeView v = Files.getFileAttributeView(q, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                v.setOwner(user);
                v.setGroup(group);
            }
        }
    }
}
