"""The Celery peer's app and its trivial task (bench/run.sh). Broker and result backend come from the environment:
BENCH_CELERY_BROKER (amqp://...//) and BENCH_CELERY_BACKEND (redis://.../2). BENCH_CELERY_CONFIRM=1 waits for
RabbitMQ's publisher confirm on every publish (durable acceptance, as Inferline's 202); Celery's default does not."""
import os

from celery import Celery

app = Celery("inferline_bench",
             broker=os.environ["BENCH_CELERY_BROKER"],
             backend=os.environ.get("BENCH_CELERY_BACKEND") or None)
app.conf.task_default_queue = "bench"  # not 'celery': Inferline's own Celery worker consumes that queue
app.conf.broker_pool_limit = int(os.environ.get("BENCH_THREADS", "64"))  # one connection per sending thread
app.conf.worker_prefetch_multiplier = 4
app.conf.result_expires = 3600
if os.environ.get("BENCH_CELERY_CONFIRM") == "1":
    app.conf.broker_transport_options = {"confirm_publish": True}


@app.task(name="bench.noop")
def noop(i):
    return i
