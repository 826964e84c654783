package io.inferline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's initdb/postgres and PgBouncer refuse to run as root. When this JVM is root they run as
 * {@code nobody}, through setpriv: it execs the server in place (unlike runuser, which forks and waits),
 * so the child process we hold and signal is the server itself.
 */
final class Unprivileged {
    static final String USER = "nobody";
    static final String GROUP = "nogroup";

    private static final boolean ROOT = currentUid() == 0;

    private Unprivileged() {
    }

    static boolean isRoot() {
        return ROOT;
    }

    /** The command, run as {@code nobody} if this JVM is root. */
    static List<String> command(List<String> command) {
        if (!ROOT) {
            return command;
        }
        Path setpriv = Binaries.require("setpriv", "util-linux", "/usr/bin/setpriv", "/bin/setpriv");
        List<String> wrapped = new ArrayList<>(List.of(setpriv.toString(),
                "--reuid=" + USER, "--regid=" + GROUP, "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes the path owned by {@code nobody} if this JVM is root. */
    static void handOver(Path path) {
        if (!ROOT) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(lookup.lookupPrincipalByName(USER));
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(GROUP);
            view.setGroup(group);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot hand " + path + " over to " + USER, e);
        }
    }

    /** Whether {@code nobody} can reach entries below this directory. */
    static boolean canTraverse(Path dir) {
        if (!ROOT) {
            return true;
        }
        try {
            for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }
}
