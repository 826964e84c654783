package io.inferline.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The markdown table of docs/performance-results.md: per workload and system, the median run (by rate) of every run
 * taken, its p50/p99, the ratio of its rate to the workload's reference peer, CPU µs per operation, and that CPU as a
 * multiple of other systems' (the sync goals compare CPU per request, not rates).
 */
public final class ResultsTable {

    private record Row(String workload, String system, String unit, List<Measurement> runs, String peerOf,
                       List<String> cpuPeers) {
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    /** Adds a run; {@code ratioTo} names the system this one's rate is divided by (null: no ratio). */
    public void add(String workload, String system, String unit, Measurement run, String ratioTo) {
        rows.computeIfAbsent(workload + "\u0000" + system,
                key -> new Row(workload, system, unit, new ArrayList<>(), ratioTo, new ArrayList<>())).runs().add(run);
    }

    /**
     * Shows the CPU per operation of {@code system} as a multiple of {@code peer}'s, once both have runs; nothing
     * when {@code system} has no runs (its workload was left out with --only).
     */
    public void compareCpu(String workload, String system, String peer) {
        Row row = rows.get(workload + "\u0000" + system);
        if (row != null) {
            row.cpuPeers().add(peer);
        }
    }

    public static Measurement median(List<Measurement> runs) {
        List<Measurement> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Measurement::perSecond));
        return sorted.get(sorted.size() / 2);
    }

    public Measurement median(String workload, String system) {
        Row row = rows.get(workload + "\u0000" + system);
        return row == null ? null : median(row.runs());
    }

    public String markdown() {
        var text = new StringBuilder("| workload | system | runs | rate (median) | p50 ms | p99 ms | errors | ratio | "
                + "CPU µs/op | CPU/op ratio |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows.values()) {
            Measurement median = median(row.runs());
            String ratio = "";
            if (row.peerOf() != null) {
                Measurement peer = median(row.workload(), row.peerOf());
                if (peer != null && peer.perSecond() > 0) {
                    ratio = format("%.2f× %s", median.perSecond() / peer.perSecond(), row.peerOf());
                }
            }
            long errors = row.runs().stream().mapToLong(Measurement::errors).sum();
            text.append(format("| %s | %s | %d | %.0f %s | %s | %s | %d | %s | %s | %s |%n", row.workload(),
                    row.system(), row.runs().size(), median.perSecond(), row.unit(), millis(median.p50Millis()),
                    millis(median.p99Millis()), errors, ratio,
                    Double.isNaN(median.cpuMicrosPerOperation()) ? "" : format("%.0f", median.cpuMicrosPerOperation()),
                    cpuRatios(row, median)));
        }
        return text.toString();
    }

    private String cpuRatios(Row row, Measurement median) {
        var ratios = new ArrayList<String>();
        for (String peer : row.cpuPeers()) {
            Measurement other = median(row.workload(), peer);
            if (median.cpuMicrosPerOperation() > 0 && other != null && other.cpuMicrosPerOperation() > 0) {
                ratios.add(format("%.2f× %s", median.cpuMicrosPerOperation() / other.cpuMicrosPerOperation(), peer));
            }
        }
        return String.join(", ", ratios);
    }

    private static String millis(double value) {
        return value > 0 ? format("%.2f", value) : "";
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
