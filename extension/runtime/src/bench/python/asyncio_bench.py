#!/usr/bin/env python3
"""The asyncio side of the runtime benchmark: the same scenario as RuntimeBenchChild, in three designs.

N tasks, at most 10 running at once, the rest waiting. Every task body blocks until it is
cancelled. SIGINT, handled with ``loop.add_signal_handler``, cancels the run. The log is the
same as the Java runtime's, record for record: one ``task_queued`` per task at the start; for
each running task ``cleanup_started``, a ``task_event`` (the cleanup's own record),
``cleanup_finished`` and ``task_cancelled``; one ``task_cancelled_before_start`` per task that
never started; then ``run_finished``. Records are JSON Lines with the runtime's envelope
(``v``, ``seq``, ``t_ns``, ``event``).

Designs (``--design``):
  taskgroup  one asyncio task per job in an ``asyncio.TaskGroup``, an ``asyncio.Semaphore(10)``
             around each body: the design the asyncio documentation leads to.
  gather     one asyncio task per job, ``asyncio.gather`` over them, the same semaphore.
  workers    10 worker coroutines that take the next index from a shared counter: no object per
             waiting job, the same design as the Java runtime (the expert's design). On
             cancellation the jobs past the index are written off in one loop.

Protocol with the bench runner, on standard output:
  ready                  10 jobs are running and the rest wait
  signal_ns=<ns>         time.monotonic_ns() when the SIGINT handler ran
  done_ns=<ns>           time.monotonic_ns() after the last record was written and the loop closed
  peak_rss_kb=<kB>       VmHWM from /proc/self/status, as the Java child reports it (ru_maxrss would
                         also count the runner's memory: it survives the exec that started Python)
then exit code 130 (128 + SIGINT). time.monotonic_ns() and Java's System.nanoTime() read the
same clock on Linux, so the runner can split its own measurement into delivery and work.

With --watch-stdin the program exits (code 125) when its standard input reaches end of file,
so it never outlives a runner that was killed.

Usage: asyncio_bench.py TASKS LOG_FILE [--design taskgroup|gather|workers] [--watch-stdin]
"""

import asyncio
import os
import resource
import signal
import sys
import threading
import time

MAX_CONCURRENT = 10
HARNESS_GONE_EXIT_CODE = 125
DESIGNS = ("taskgroup", "gather", "workers")


class Log:
    """The runtime's JSON Lines records; a group of records describing one instant goes out in one write."""

    def __init__(self, path):
        self.file = open(path, "w", encoding="utf-8")
        self.origin = time.monotonic_ns()
        self.seq = 0

    def record(self, event, tail, flush=True):
        line = '{"v":1,"seq":%d,"t_ns":%d,"event":"%s"%s}\n' % (
            self.seq, time.monotonic_ns() - self.origin, event, tail)
        self.seq += 1
        self.file.write(line)
        if flush:
            self.file.flush()

    def tasks(self, event, first, last, tail):
        """Records for tasks first..last sharing one timestamp, in one write (as the runtime's batches)."""
        head = ',"t_ns":%d,"event":"%s","task":' % (time.monotonic_ns() - self.origin, event)
        parts = []
        for task in range(first, last + 1):
            parts.append('{"v":1,"seq":%d%s%d%s}\n' % (self.seq, head, task, tail))
            self.seq += 1
        self.file.write("".join(parts))
        self.file.flush()

    def cleanup(self, task, slot):
        self.record("cleanup_started", ',"task":%d,"slot":%d,"after":"cancelled"' % (task, slot))
        self.record("task_event", ',"task":%d,"name":"cleanup","detail":"slot %d"' % (task, slot))
        self.record("cleanup_finished", ',"task":%d,"slot":%d,"duration_ms":0,"overran":false' % (task, slot))
        self.record("task_cancelled", ',"task":%d,"slot":%d,"was":"running","ended_by":"CancelledError"' % (task, slot))

    def close(self):
        self.file.close()


class Run:
    def __init__(self, count, log):
        self.count = count
        self.log = log
        self.running = 0
        self.ready = asyncio.Event()
        self.signal_ns = None
        self.cancelled_before_start = 0

    def started(self):
        self.running += 1
        if self.running == min(self.count, MAX_CONCURRENT):
            self.ready.set()


async def with_semaphore(run, semaphore, number, slots):
    """A job of the taskgroup and gather designs: wait for the semaphore, then block until cancelled."""
    started = False
    try:
        async with semaphore:
            started = True
            slot = slots.pop()
            run.started()
            try:
                await asyncio.get_running_loop().create_future()  # blocks until cancelled
            finally:
                run.log.cleanup(number, slot)
                slots.append(slot)
    finally:
        if not started:
            run.log.record("task_cancelled_before_start", ',"task":%d,"was":"queued"' % number)


async def taskgroup_design(run, cancelled):
    semaphore = asyncio.Semaphore(MAX_CONCURRENT)
    slots = list(range(MAX_CONCURRENT, 0, -1))
    try:
        async with asyncio.TaskGroup() as group:
            for number in range(1, run.count + 1):
                group.create_task(with_semaphore(run, semaphore, number, slots))
            await run.ready.wait()
            print("ready", flush=True)
            await cancelled.wait()
            raise asyncio.CancelledError()
    except asyncio.CancelledError:
        pass


async def gather_design(run, cancelled):
    semaphore = asyncio.Semaphore(MAX_CONCURRENT)
    slots = list(range(MAX_CONCURRENT, 0, -1))
    jobs = asyncio.gather(*(with_semaphore(run, semaphore, n, slots) for n in range(1, run.count + 1)))
    await run.ready.wait()
    print("ready", flush=True)
    await cancelled.wait()
    jobs.cancel()
    try:
        await jobs
    except asyncio.CancelledError:
        pass


async def workers_design(run, cancelled):
    next_index = 1

    async def worker(slot):
        nonlocal next_index
        while next_index <= run.count and not cancelled.is_set():
            number = next_index
            next_index += 1
            run.started()
            try:
                await asyncio.get_running_loop().create_future()  # blocks until cancelled
            finally:
                run.log.cleanup(number, slot)

    workers = [asyncio.create_task(worker(slot)) for slot in range(1, MAX_CONCURRENT + 1)]
    await run.ready.wait()
    print("ready", flush=True)
    await cancelled.wait()
    first_waiting = next_index
    next_index = run.count + 1  # nothing starts after the signal
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    run.log.tasks("task_cancelled_before_start", first_waiting, run.count, ',"was":"queued"')


async def main_async(count, log, design):
    loop = asyncio.get_running_loop()
    run = Run(count, log)
    cancelled = asyncio.Event()

    def on_sigint():
        if run.signal_ns is None:
            run.signal_ns = time.monotonic_ns()
            log.record("signal_received", ',"signal":"INT","number":2,"count":1,"action":"cancel"')
            cancelled.set()

    loop.add_signal_handler(signal.SIGINT, on_sigint)
    log.record("run_started", ',"pid":%d,"tasks":%d,"max_concurrent":%d' % (os.getpid(), count, MAX_CONCURRENT))
    log.tasks("task_queued", 1, count, ',"name":"task"')
    await {"taskgroup": taskgroup_design, "gather": gather_design, "workers": workers_design}[design](run, cancelled)
    log.record("run_finished", ',"cause":"signal","signal":"INT"')
    return run.signal_ns


def peak_rss_kb():
    """VmHWM, the peak resident set size of this process image; ru_maxrss where there is no /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def exit_when_stdin_closes():
    """A daemon thread, so that it acts even while the event loop is busy cancelling."""

    def watch():
        try:
            while os.read(sys.stdin.fileno(), 4096):
                pass
            print("standard input closed: the bench runner is gone", file=sys.stderr, flush=True)
        except OSError:
            pass  # standard error went with the runner
        finally:
            os._exit(HARNESS_GONE_EXIT_CODE)

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def main(argv):
    args = argv[1:]
    watch = "--watch-stdin" in args
    args = [a for a in args if a != "--watch-stdin"]
    design = "taskgroup"
    if "--design" in args:
        i = args.index("--design")
        design = args[i + 1] if i + 1 < len(args) else ""
        del args[i:i + 2]
    if len(args) != 2 or design not in DESIGNS:
        print("usage: asyncio_bench.py TASKS LOG_FILE [--design taskgroup|gather|workers] [--watch-stdin]",
              file=sys.stderr)
        return 2
    count = int(args[0])
    if watch:
        exit_when_stdin_closes()
    log = Log(args[1])
    signal_ns = asyncio.run(main_async(count, log, design))
    log.close()
    done_ns = time.monotonic_ns()
    print(f"signal_ns={signal_ns if signal_ns is not None else -1}")
    print(f"done_ns={done_ns}")
    print(f"peak_rss_kb={peak_rss_kb()}", flush=True)
    return 128 + signal.SIGINT if signal_ns is not None else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
