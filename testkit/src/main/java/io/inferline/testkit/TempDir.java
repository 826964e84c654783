package io.inferline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** A temporary directory that is deleted with everything in it on close or at JVM exit. */
final class TempDir implements AutoCloseable {
    private final Path path;
    private final boolean forUnprivilegedUser;

    private TempDir(Path path, boolean forUnprivilegedUser) {
        this.path = path;
        this.forUnprivilegedUser = forUnprivilegedUser;
    }

    /** A directory the current user owns. */
    static TempDir create(String service) {
        return create(service, false);
    }

    /** A directory the user that {@link Unprivileged} runs servers as can write to. */
    static TempDir createForServer(String service) {
        return create(service, true);
    }

    private static TempDir create(String service, boolean forUnprivilegedUser) {
        try {
            Path path = Files.createTempDirectory(base(), "inferline-" + service + "-");
            TempDir dir = Cleanup.onExit(new TempDir(path, forUnprivilegedUser));
            if (forUnprivilegedUser) {
                Unprivileged.handOver(path);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for " + service, e);
        }
    }

    /** Takes over deleting a directory that someone else created. */
    static TempDir adopt(Path path) {
        return Cleanup.onExit(new TempDir(path, false));
    }

    /** java.io.tmpdir, unless an unprivileged server could not reach directories in it. */
    private static Path base() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        return Unprivileged.canTraverse(tmp) ? tmp : Path.of("/tmp");
    }

    Path path() {
        return path;
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    /** A new subdirectory, owned like this directory. */
    Path newDirectory(String name) {
        try {
            Path dir = Files.createDirectories(path.resolve(name));
            if (forUnprivilegedUser) {
                Unprivileged.handOver(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + path.resolve(name), e);
        }
    }

    @Override
    public void close() throws IOException {
        Cleanup.forget(this);
        deleteRecursively(path);
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // A server may remove its own files (sockets, pid files) while we walk.
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public String toString() {
        return "temporary directory " + path;
    }
}
