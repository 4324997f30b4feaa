"""Two asyncio batches that write no cleanup log and only print, for @SignalTest's output checks.

Each runs N jobs, at most MAX at a time (a semaphore). A job prints "Task <i> started", works
until it is cancelled, and in its cleanup (a finally block with an await in it, as closing a
connection has) prints "Task <i> cleaned up". Ctrl+C is asyncio.run's own: it cancels the main
task, and the program exits with 130.

    python3 -u asyncio_print_only.py taskgroup 3 2
    python3 -u asyncio_print_only.py gather 3 2

- taskgroup: the jobs run in an asyncio.TaskGroup, which cancels every job and waits for all of
  them, cleanups included: every started job prints its cleanup line.
- gather: the jobs run under asyncio.gather. Cancelled, gather ends as soon as its first job has
  ended; a job still waiting for the semaphore ends at once, so with a queue (3 jobs, 2 at a
  time) gather ends while the running jobs are in their cleanups, and asyncio.run then cancels
  those cleanups: the started jobs never print their cleanup line.
"""
import asyncio
import sys

CLEANUP_SECONDS = 0.05


async def job(task_id, slots):
    async with slots:
        print(f"Task {task_id} started")
        try:
            await asyncio.sleep(600)
        finally:
            await asyncio.sleep(CLEANUP_SECONDS)  # the cleanup's own await: closing, flushing
            print(f"Task {task_id} cleaned up")


async def with_task_group(tasks, max_concurrent):
    slots = asyncio.Semaphore(max_concurrent)
    async with asyncio.TaskGroup() as group:
        for task_id in range(1, tasks + 1):
            group.create_task(job(task_id, slots))


async def with_gather(tasks, max_concurrent):
    slots = asyncio.Semaphore(max_concurrent)
    await asyncio.gather(*(job(task_id, slots) for task_id in range(1, tasks + 1)))


def main():
    design, tasks, max_concurrent = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    batch = {"taskgroup": with_task_group, "gather": with_gather}[design]
    try:
        asyncio.run(batch(tasks, max_concurrent))
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
