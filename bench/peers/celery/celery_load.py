"""Closed-loop load on Celery, the peer of Inferline's job API (bench/run.sh; run it with /usr/bin/python3).

  celery_load.py submit THREADS WARMUP_S MEASURE_S [PROCESSES]
                                                     apply_async from THREADS threads in each of PROCESSES processes
                                                     (default 1: one process is bound by its GIL); persistent messages
  celery_load.py e2e THREADS N                       submit N tasks, wait until every result is in; needs a worker

Prints one JSON object: operations, errors, seconds, p50_ms, p99_ms (as the Java driver's Measurement).
"""
import json
import multiprocessing
import sys
import threading
import time

from bench_tasks import noop


def percentile(sorted_values, q):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def submit_in_process(threads, warmup, measure, start_together=None, results=None):
    """Runs the load from this process; returns (or puts on results) latencies in ms, errors and measured seconds."""
    state = {"recording": False, "running": True}
    latencies = [[] for _ in range(threads)]
    errors = [0] * threads

    def worker(k):
        i = 0
        while state["running"]:
            started = time.perf_counter()
            try:
                noop.apply_async(args=(i,))
                ok = True
            except Exception:
                ok = False
            i += 1
            if state["recording"]:
                if ok:
                    latencies[k].append((time.perf_counter() - started) * 1000)
                else:
                    errors[k] += 1

    if start_together is not None:
        start_together.wait()
    workers = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(threads)]
    for w in workers:
        w.start()
    time.sleep(warmup)
    for lat in latencies:
        lat.clear()
    state["recording"] = True
    started = time.perf_counter()
    time.sleep(measure)
    state["recording"] = False
    seconds = time.perf_counter() - started
    state["running"] = False
    for w in workers:
        w.join(30)
    out = ([v for lat in latencies for v in lat], sum(errors), seconds)
    if results is None:
        return out
    results.put(out)


def submit(threads, warmup, measure, processes):
    if processes == 1:
        parts = [submit_in_process(threads, warmup, measure)]
    else:
        # spawned, not forked: each process opens its own broker connections; the barrier aligns their periods
        context = multiprocessing.get_context("spawn")
        start_together = context.Barrier(processes)
        results = context.Queue()
        children = [context.Process(target=submit_in_process, args=(threads, warmup, measure, start_together, results))
                    for _ in range(processes)]
        for child in children:
            child.start()
        parts = [results.get(timeout=warmup + measure + 120) for _ in children]
        for child in children:
            child.join(30)
    values = sorted(v for part in parts for v in part[0])
    return {"operations": len(values), "errors": sum(part[1] for part in parts),
            "seconds": sum(part[2] for part in parts) / len(parts),
            "p50_ms": percentile(values, 0.50), "p99_ms": percentile(values, 0.99)}


def e2e(threads, total):
    results = [None] * total
    next_index = [0]
    lock = threading.Lock()

    def sender():
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= total:
                return
            results[i] = noop.apply_async(args=(i,))

    started = time.perf_counter()
    senders = [threading.Thread(target=sender) for _ in range(threads)]
    for s in senders:
        s.start()
    for s in senders:
        s.join()
    errors = 0
    for i, result in enumerate(results):
        try:
            if result.get(timeout=600) != i:
                errors += 1
        except Exception:
            errors += 1
    seconds = time.perf_counter() - started
    return {"operations": total - errors, "errors": errors, "seconds": seconds, "p50_ms": 0.0, "p99_ms": 0.0}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "submit":
        out = submit(int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]),
                     int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    elif mode == "e2e":
        out = e2e(int(sys.argv[2]), int(sys.argv[3]))
    else:
        raise SystemExit("mode: submit or e2e")
    print(json.dumps(out), flush=True)
