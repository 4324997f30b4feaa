package io.signaltest.agent.plain;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain program whose shutdown hook halts the JVM: its running tasks never finish. The agent records the halt, with
 * its code and the line that called it, and the tasks it cut off.
 */
public final class HaltingBatch {

    /** The code the hook halts with. */
    static final int HALT_CODE = 3;

    private HaltingBatch() {}

    public static void main(String[] args) {
        BatchOptions options = BatchOptions.parse(args);
        ExecutorService pool = Executors.newFixedThreadPool(options.maxConcurrent());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> Runtime.getRuntime().halt(HALT_CODE), "halting-hook"));
        for (int id = 1; id <= options.tasks(); id++) {
            pool.execute(new FixedPoolBatch.FileJob(id, options));
        }
    }
}
