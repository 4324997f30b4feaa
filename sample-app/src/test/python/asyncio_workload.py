"""A Python asyncio batch that the console runner checks with the whole standard matrix.

It takes the standard workload options (--tasks, --max-concurrent, --task-millis,
--cleanup-millis, --work-dir), writes the cleanup log where SIGNALTEST_LOG says
(docs/log-format.md), and holds its state at the moments that SIGNALTEST_HOLD names until the
harness's signal has arrived, as the Java runtime does. On SIGINT, SIGTERM or SIGHUP it cancels
every job, runs each started job's cleanup to its end (a repeated signal is counted and
ignored), starts nothing new, and exits with 128 + the signal's number.

    java -jar signaltest-cli.jar check -- python3 -u asyncio_workload.py
"""
import argparse
import asyncio
import json
import os
import signal
import sys
import time


class Log:
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


class Batch:
    """The run's state, the holds, and the signal handling; every method runs on the event loop."""

    def __init__(self, options, log):
        self.options = options
        self.log = log
        self.holds = [m for m in os.environ.get("SIGNALTEST_HOLD", "").split(",") if m]
        self.released = asyncio.Event()
        self.released.set()
        self.held_at = None
        self.slots = asyncio.Semaphore(options.max_concurrent)
        self.free_slots = list(range(options.max_concurrent, 0, -1))
        self.jobs = []
        self.queued = options.tasks
        self.running = 0
        self.cleaning = 0
        self.signals = 0
        self.cancel_signal = None

    # ------------------------------------------------------------------ moments and holds

    def state(self):
        return {"running": self.running, "in_cleanup": self.cleaning,
                "occupied_slots": self.running + self.cleaning, "queued": self.queued,
                "max_concurrent": self.options.max_concurrent, "signals_received": self.signals}

    def reached(self):
        """The moment the current state is, or None."""
        if self.cancel_signal:
            return "DURING_CLEANUP" if self.cleaning > 0 else None
        if self.running == 0:
            return "BEFORE_START" if self.cleaning == 0 else None
        if self.running < self.options.max_concurrent:
            return "BELOW_LIMIT" if self.queued == 0 else None
        return "QUEUE_WAITING" if self.queued > 0 else "ALL_SLOTS_FULL"

    async def hold_if_armed(self):
        """At the next armed moment: log it and hold every state change until a signal arrives."""
        if not self.holds or self.reached() != self.holds[0]:
            return
        moment = self.holds.pop(0)
        self.held_at = moment
        self.released.clear()
        self.log.write("moment", moment=moment, held=True, **self.state())
        await self.released.wait()

    async def unheld(self):
        """Waits while a moment is held: no state change is booked until the signal is in."""
        await self.released.wait()

    # ------------------------------------------------------------------ signals

    def on_signal(self, name, number):
        self.signals += 1
        first = self.cancel_signal is None
        busy = self.running or self.cleaning
        action = "cancel" if first else ("ignored-during-cleanup" if busy else "ignored")
        self.log.write("signal_received", signal=name, number=number, count=self.signals, action=action)
        if first:
            self.cancel_signal = (name, number)
            self.log.write("run_cancelling", cause="signal", signal=name, running=self.running,
                           in_cleanup=self.cleaning, queued=self.queued)
            for job in self.jobs:
                job.cancel()
        if self.held_at is not None:
            self.log.write("hold_released", moment=self.held_at, reason="signal")
            self.held_at = None
            self.released.set()

    # ------------------------------------------------------------------ jobs

    async def job(self, task_id):
        try:
            await self.unheld()
            await self.slots.acquire()
        except asyncio.CancelledError:
            self.queued -= 1
            self.log.write("task_cancelled_before_start", task=task_id, was="queued")
            return
        if self.cancel_signal:  # a slot that a cancelled job freed: the job must not start
            self.slots.release()
            self.queued -= 1
            self.log.write("task_cancelled_before_start", task=task_id, was="queued")
            return
        slot = self.free_slots.pop()
        self.queued -= 1
        self.running += 1
        self.log.write("task_started", task=task_id, slot=slot)
        part = os.path.join(self.options.work_dir, f"job-{task_id}.part")
        open(part, "w", encoding="utf-8").close()
        after = "completed"
        try:
            await self.hold_if_armed()
            await asyncio.sleep(self.options.task_millis / 1000)
        except asyncio.CancelledError:
            after = "cancelled"
        # The cleanup: each job is cancelled once, so nothing interrupts it from here on.
        await self.unheld()
        self.running -= 1
        self.cleaning += 1
        self.log.write("cleanup_started", task=task_id, slot=slot, after=after)
        await self.hold_if_armed()
        began = time.monotonic()
        await asyncio.sleep(self.options.cleanup_millis / 1000)
        os.remove(part)
        await self.unheld()
        self.log.write("cleanup_finished", task=task_id, slot=slot,
                       duration_ms=round((time.monotonic() - began) * 1000), overran=False)
        self.cleaning -= 1
        self.free_slots.append(slot)
        self.slots.release()
        if after == "cancelled":
            self.log.write("task_cancelled", task=task_id, slot=slot, was="running", ended_by="CancelledError")
        else:
            self.log.write("task_completed", task=task_id, slot=slot)

    async def run(self):
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, self.on_signal, sig.name[3:], int(sig))
        self.log.write("run_started", pid=os.getpid(), tasks=self.options.tasks,
                       max_concurrent=self.options.max_concurrent,
                       signals={"INT": "handled", "TERM": "handled", "HUP": "handled"},
                       holds=list(self.holds), runtime_version="python-asyncio-example")
        for task_id in range(1, self.options.tasks + 1):
            self.log.write("task_queued", task=task_id, name=f"job-{task_id}")
        await self.hold_if_armed()
        self.jobs.extend(asyncio.create_task(self.job(i)) for i in range(1, self.options.tasks + 1))
        await asyncio.gather(*self.jobs, return_exceptions=True)
        name, number = self.cancel_signal if self.cancel_signal else (None, 0)
        code = 128 + number if self.cancel_signal else 0
        self.log.write("run_finished", cause="signal" if name else None, signal=name,
                       signals_received=self.signals, exit_code=code)
        self.log.write("exit", code=code, chosen_by="runtime")
        return code


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=6)
    parser.add_argument("--max-concurrent", type=int, default=2)
    parser.add_argument("--task-millis", type=int, default=2000)
    parser.add_argument("--cleanup-millis", type=int, default=50)
    parser.add_argument("--work-dir", default="work")
    options = parser.parse_args()
    os.makedirs(options.work_dir, exist_ok=True)
    batch = Batch(options, Log(os.environ.get("SIGNALTEST_LOG")))
    sys.exit(asyncio.run(batch.run()))


if __name__ == "__main__":
    main()
