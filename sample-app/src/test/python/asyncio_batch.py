"""A batch of jobs on Python asyncio that writes the signaltest cleanup log (docs/log-format.md).

It shows that a program in another language can be tested by @SignalTest and its log-based
assertions: it writes the records itself, prints "ready" when every slot is busy and jobs
wait (the moment, through @SignalTest(atOutput = "ready")), and on SIGINT or SIGTERM cancels
every job, runs each started job's cleanup to its end, starts nothing new, and exits with
128 + the signal's number.

    python3 asyncio_batch.py --tasks 6 --max-concurrent 2 --cleanup-millis 50
"""
import argparse
import asyncio
import json
import os
import signal
import sys
import time


class CleanupLog:
    """JSON Lines, one record per line, each written whole and flushed at once."""

    def __init__(self, path):
        self.out = open(path, "w", encoding="utf-8") if path else None
        self.seq = 0
        self.origin = time.monotonic_ns()

    def write(self, event, **fields):
        if self.out is None:
            return
        record = {"v": 1, "seq": self.seq, "t_ns": time.monotonic_ns() - self.origin, "event": event}
        record.update(fields)
        self.seq += 1
        self.out.write(json.dumps(record) + "\n")
        self.out.flush()


async def run(tasks, max_concurrent, cleanup_millis, log):
    loop = asyncio.get_running_loop()
    free_slots = list(range(max_concurrent, 0, -1))
    slots = asyncio.Semaphore(max_concurrent)
    state = {"cancelled": False, "signal": None, "signals": 0, "running": 0, "cleaning": 0}
    jobs = []

    def on_signal(name, number):
        state["signals"] += 1
        first = not state["cancelled"]
        action = "cancel" if first else ("ignored-during-cleanup" if state["running"] or state["cleaning"] else "ignored")
        log.write("signal_received", signal=name, number=number, count=state["signals"], action=action)
        if first:
            state["cancelled"] = True
            state["signal"] = (name, number)
            log.write("run_cancelling", cause="signal", signal=name)
            for job in jobs:
                job.cancel()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal, sig.name[3:], int(sig))

    log.write("run_started", pid=os.getpid(), tasks=tasks, max_concurrent=max_concurrent,
              signals={"INT": "handled", "TERM": "handled"}, runtime_version="python-asyncio-example")
    for task_id in range(1, tasks + 1):
        log.write("task_queued", task=task_id, name=f"job-{task_id}")

    async def job(task_id):
        try:
            await slots.acquire()
        except asyncio.CancelledError:
            log.write("task_cancelled_before_start", task=task_id, was="queued")
            return
        if state["cancelled"]:  # got a slot that a cancelled job freed: it must not start
            slots.release()
            log.write("task_cancelled_before_start", task=task_id, was="queued")
            return
        slot = free_slots.pop()
        state["running"] += 1
        log.write("task_started", task=task_id, slot=slot)
        if state["running"] == max_concurrent and task_id < tasks:
            print("ready", flush=True)
        outcome = "task_completed"
        try:
            await asyncio.sleep(600)
        except asyncio.CancelledError:
            outcome = "task_cancelled"
        finally:
            state["running"] -= 1
            state["cleaning"] += 1
            log.write("cleanup_started", task=task_id, slot=slot)
            # Not cancelled again: the handler cancels each job once, so this wait runs to its end.
            await asyncio.sleep(cleanup_millis / 1000)
            log.write("cleanup_finished", task=task_id, slot=slot)
            state["cleaning"] -= 1
            free_slots.append(slot)
            slots.release()
        if outcome == "task_cancelled":
            log.write("task_cancelled", task=task_id, slot=slot, was="running")
        else:
            log.write("task_completed", task=task_id, slot=slot)

    jobs.extend(asyncio.create_task(job(i)) for i in range(1, tasks + 1))
    await asyncio.gather(*jobs, return_exceptions=True)
    code = 128 + state["signal"][1] if state["signal"] else 0
    log.write("run_finished", signal=state["signal"][0] if state["signal"] else None, exit_code=code)
    log.write("exit", code=code, chosen_by="runtime")
    return code


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=6)
    parser.add_argument("--max-concurrent", type=int, default=2)
    parser.add_argument("--cleanup-millis", type=int, default=50)
    options = parser.parse_args()
    log = CleanupLog(os.environ.get("SIGNALTEST_LOG"))
    sys.exit(asyncio.run(run(options.tasks, options.max_concurrent, options.cleanup_millis, log)))


if __name__ == "__main__":
    main()
