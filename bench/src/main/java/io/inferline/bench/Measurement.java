package io.inferline.bench;

/**
 * One run of one workload against one system: completed operations, failed ones, the measured wall time, latency
 * percentiles in milliseconds, and the CPU the system under test spent per operation ({@code NaN} when not measured).
 */
public record Measurement(long operations, long errors, double seconds, double p50Millis, double p99Millis,
                          double cpuMicrosPerOperation) {

    public double perSecond() {
        return seconds > 0 ? operations / seconds : 0;
    }

    public Measurement withCpu(double cpuSeconds) {
        double micros = operations > 0 ? cpuSeconds * 1_000_000 / operations : Double.NaN;
        return new Measurement(operations, errors, seconds, p50Millis, p99Millis, micros);
    }
}
