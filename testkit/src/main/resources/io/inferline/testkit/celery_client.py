"""The real Celery client, driven by CeleryClient.java: send tasks, then wait for each result.

Reads a JSON spec on stdin: {"broker", "backend", "protocol" (default 2), "timeout" (s, for all results),
"tasks": [{"name", "args", "kwargs", and any of task_id, countdown, expires, priority, queue}]}.
Writes JSON lines on stdout: {"event": "sent", "count": n} once every task is sent, then one line per task,
{"id", "ok": true, "result", "state"} or {"id", "ok": false, "state", "exc_module", "exc_type", "args", "repr"},
and {"event": "done"} last.
"""
import json
import sys
import time

from celery import Celery

spec = json.load(sys.stdin)
app = Celery("inferline-test", broker=spec["broker"], backend=spec["backend"])
app.conf.task_protocol = spec.get("protocol", 2)

OPTIONS = ("task_id", "countdown", "expires", "priority", "queue")
sent = []
for task in spec["tasks"]:
    options = {key: task[key] for key in OPTIONS if key in task}
    sent.append(app.send_task(task["name"], args=task.get("args", []), kwargs=task.get("kwargs", {}), **options))
print(json.dumps({"event": "sent", "count": len(sent)}), flush=True)

deadline = time.monotonic() + spec.get("timeout", 30)
for result in sent:
    try:
        value = result.get(timeout=max(0.1, deadline - time.monotonic()))
        line = {"id": result.id, "ok": True, "result": value, "state": result.state}
    except Exception as error:  # the exception Celery raised for the task is the observation
        line = {"id": result.id, "ok": False, "state": result.state, "exc_module": type(error).__module__,
                "exc_type": type(error).__qualname__, "args": [str(arg) for arg in error.args], "repr": repr(error)}
    print(json.dumps(line), flush=True)
print(json.dumps({"event": "done"}), flush=True)
