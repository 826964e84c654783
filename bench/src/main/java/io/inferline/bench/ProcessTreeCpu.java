package io.inferline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system) a process and all its descendants have used, from {@code /proc/<pid>/stat}. The platform
 * runs Kafka in its JVM and PostgreSQL, PgBouncer and Redis as child processes: the tree is what durable acceptance
 * costs. Processes that exit between two readings take their time with them, which the workloads here never do.
 */
public final class ProcessTreeCpu {

    /** Linux reports utime and stime in clock ticks of USER_HZ, 100 on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long rootPid;

    public ProcessTreeCpu(long rootPid) {
        this.rootPid = rootPid;
    }

    /** Seconds of CPU used so far by the root process and its descendants. */
    public double seconds() {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(path -> readStat(path, children, ticks));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        long total = 0;
        List<Long> pending = new ArrayList<>(List.of(rootPid));
        while (!pending.isEmpty()) {
            long pid = pending.remove(pending.size() - 1);
            total += ticks.getOrDefault(pid, 0L);
            pending.addAll(children.getOrDefault(pid, List.of()));
        }
        return total / TICKS_PER_SECOND;
    }

    private static void readStat(Path processDir, Map<Long, List<Long>> children, Map<Long, Long> ticks) {
        String stat;
        try {
            stat = Files.readString(processDir.resolve("stat"));
        } catch (IOException | RuntimeException e) {
            return; // the process has just exited
        }
        // the command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long pid = Long.parseLong(processDir.getFileName().toString());
        long parent = Long.parseLong(fields[1]);
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        ticks.put(pid, utime + stime);
        children.computeIfAbsent(parent, key -> new ArrayList<>()).add(pid);
    }
}
