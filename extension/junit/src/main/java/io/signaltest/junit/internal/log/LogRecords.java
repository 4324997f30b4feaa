package io.signaltest.junit.internal.log;

import io.signaltest.junit.LogRecord;
import java.util.Arrays;
import java.util.List;

/**
 * The records of one cleanup log, by position, with what the checks filter on (the event and the task id) available
 * without building the records themselves. {@code CleanupLog} answers every question through this, whether its records
 * are in memory ({@link #of(List)}) or read from the file on demand ({@link LogIndex}).
 */
public abstract class LogRecords {

    /** {@link #task(int)} of a record without a {@code task} field. */
    public static final int NO_TASK = Integer.MIN_VALUE;

    /** Record positions grouped by task: {@code task << 32 | position}, sorted; built on first use. */
    private long[] byTask;

    public abstract int size();

    /** The event name of the record at {@code index}. */
    public abstract String event(int index);

    /** The {@code task} field of the record at {@code index}, or {@link #NO_TASK}. */
    public abstract int task(int index);

    /** The 1-based line number of the record at {@code index}. */
    public abstract int line(int index);

    /** The record at {@code index}. */
    public abstract LogRecord get(int index);

    /** Records that are already in memory. */
    public static LogRecords of(List<LogRecord> records) {
        List<LogRecord> all = List.copyOf(records);
        return new LogRecords() {
            @Override
            public int size() {
                return all.size();
            }

            @Override
            public String event(int index) {
                return all.get(index).event();
            }

            @Override
            public int task(int index) {
                return all.get(index).task().orElse(NO_TASK);
            }

            @Override
            public int line(int index) {
                return all.get(index).line();
            }

            @Override
            public LogRecord get(int index) {
                return all.get(index);
            }
        };
    }

    /** The position of {@code record} in this log, or -1. */
    public int indexOf(LogRecord record) {
        int low = 0;
        int high = size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int line = line(middle);
            if (line < record.line()) {
                low = middle + 1;
            } else if (line > record.line()) {
                high = middle - 1;
            } else {
                return get(middle).equals(record) ? middle : -1;
            }
        }
        return -1;
    }

    /** The positions of the records about task {@code id}, in log order. */
    public synchronized int[] positionsOfTask(int id) {
        if (byTask == null) {
            int count = 0;
            for (int i = 0; i < size(); i++) {
                if (task(i) != NO_TASK) {
                    count++;
                }
            }
            long[] keys = new long[count];
            int k = 0;
            for (int i = 0; i < size(); i++) {
                int task = task(i);
                if (task != NO_TASK) {
                    keys[k++] = ((long) task << 32) | i;
                }
            }
            Arrays.sort(keys);
            byTask = keys;
        }
        int from = lowerBound(byTask, (long) id << 32);
        int to = id == Integer.MAX_VALUE ? byTask.length : lowerBound(byTask, ((long) id + 1) << 32);
        int[] positions = new int[to - from];
        for (int i = from; i < to; i++) {
            positions[i - from] = (int) byTask[i];
        }
        return positions;
    }

    private static int lowerBound(long[] sorted, long key) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] < key) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
