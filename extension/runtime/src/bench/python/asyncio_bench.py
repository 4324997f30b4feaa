#!/usr/bin/env python3
"""The asyncio side of the runtime benchmark: the same scenario as RuntimeBenchChild.

N tasks under an asyncio.Semaphore(10) in an asyncio.TaskGroup. Every task body blocks
until it is cancelled; every task, started or still waiting for the semaphore, writes one
line to the log file in its ``finally`` block (the Java runtime writes one record for each
task cancelled before it started, and its cleanups write one each for the running ones).
SIGINT, handled with ``loop.add_signal_handler``, cancels the group.

Protocol with the bench runner, on standard output:
  ready                  10 tasks hold the semaphore and the rest wait for it
  signal_ns=<ns>         time.monotonic_ns() when the SIGINT handler ran
  done_ns=<ns>           time.monotonic_ns() after the last task ended and the loop closed
  peak_rss_kb=<kB>       resource.getrusage(RUSAGE_SELF).ru_maxrss (kilobytes on Linux)
then exit code 130 (128 + SIGINT). time.monotonic_ns() and Java's System.nanoTime() read the
same clock on Linux, so the runner can split its own measurement into delivery and work.

With --watch-stdin the program exits (code 125) when its standard input reaches end of file,
so it never outlives a runner that was killed.

Usage: asyncio_bench.py TASKS LOG_FILE [--watch-stdin]
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


async def run_tasks(count, log):
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()
    semaphore = asyncio.Semaphore(MAX_CONCURRENT)
    slots_full = asyncio.Event()
    holding = 0
    signal_ns = None

    def on_sigint():
        nonlocal signal_ns
        if signal_ns is None:
            signal_ns = time.monotonic_ns()
            main.cancel()

    loop.add_signal_handler(signal.SIGINT, on_sigint)

    async def task(number):
        nonlocal holding
        try:
            async with semaphore:
                holding += 1
                if holding == min(count, MAX_CONCURRENT):
                    slots_full.set()
                await loop.create_future()  # blocks until cancelled
        finally:
            log.write(f"task {number} cancelled\n")

    try:
        async with asyncio.TaskGroup() as group:
            for number in range(1, count + 1):
                group.create_task(task(number))
            # Tasks run their first step in creation order, and this wake-up is queued behind
            # them, so by now every task past the first ten is waiting for the semaphore.
            await slots_full.wait()
            print("ready", flush=True)
    except asyncio.CancelledError:
        pass
    return signal_ns


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
    if len(argv) < 3 or len(argv) > 4 or (len(argv) == 4 and argv[3] != "--watch-stdin"):
        print("usage: asyncio_bench.py TASKS LOG_FILE [--watch-stdin]", file=sys.stderr)
        return 2
    count = int(argv[1])
    if len(argv) == 4:
        exit_when_stdin_closes()
    with open(argv[2], "w", encoding="utf-8") as log:
        signal_ns = asyncio.run(run_tasks(count, log))
    done_ns = time.monotonic_ns()
    print(f"signal_ns={signal_ns if signal_ns is not None else -1}")
    print(f"done_ns={done_ns}")
    print(f"peak_rss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
    return 128 + signal.SIGINT if signal_ns is not None else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
