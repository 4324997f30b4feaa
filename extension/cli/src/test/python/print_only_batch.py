"""A batch that writes no cleanup log and only prints, for the console runner's output matrix.

Runs TASKS jobs (default 4), at most 2 at a time. A job prints "started <k>", works until it is
cancelled, and in its cleanup (a finally block with an await in it, as closing a connection has)
prints "cleaned up <k>". The first SIGINT, SIGTERM or SIGHUP cancels every job; the program waits
for every cleanup, ignores further signals while it does (it says so), and exits with 128 + the
signal.

    python3 -u print_only_batch.py [TASKS] [--no-cleanup]

--no-cleanup is the same program with its cleanup line removed: the harness must catch it.
"""
import asyncio
import signal
import sys

CLEANUP_SECONDS = 0.05
SLOTS = 2


async def job(k, slots, print_cleanup):
    async with slots:
        print(f"started {k}")
        try:
            await asyncio.sleep(600)
        finally:
            await asyncio.shield(asyncio.sleep(CLEANUP_SECONDS))  # the cleanup's own await
            if print_cleanup:
                print(f"cleaned up {k}")


async def batch(tasks, print_cleanup):
    loop = asyncio.get_running_loop()
    received = []
    jobs = []

    def on_signal(number):
        if received:
            print(f"signal {number} again, still cleaning up")
            return
        received.append(number)
        for running in jobs:
            running.cancel()

    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(number, on_signal, number)
    slots = asyncio.Semaphore(SLOTS)
    jobs.extend(asyncio.create_task(job(k, slots, print_cleanup)) for k in range(1, tasks + 1))
    await asyncio.gather(*jobs, return_exceptions=True)
    return received[0] if received else 0


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    tasks = int(args[0]) if args else 4
    number = asyncio.run(batch(tasks, "--no-cleanup" not in sys.argv[1:]))
    sys.exit(128 + number if number else 0)


if __name__ == "__main__":
    main()
