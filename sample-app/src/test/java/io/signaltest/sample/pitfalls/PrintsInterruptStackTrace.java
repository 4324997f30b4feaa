package io.signaltest.sample.pitfalls;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Pitfalls guide, section "A stack trace for every Ctrl+C".
 *
 * <p>Correct, except that each cancelled task prints the {@code InterruptedException} of its cancellation with
 * {@code printStackTrace()}, so every Ctrl+C fills the console (and the log collector) with stack traces that look like
 * crashes. The standard matrix shows it as a warning; with the configuration parameter
 * {@code signaltest.stderr.stackTraces=fail} it fails.
 *
 * <p>Symptom, in strict mode: "stack trace on stderr (line 1): java.lang.InterruptedException: sleep interrupted".
 */
public class PrintsInterruptStackTrace extends HandRolledBatch {

    public static void main(String[] args) {
        new PrintsInterruptStackTrace(Workload.fromMain("PrintsInterruptStackTrace", args)).run();
    }

    PrintsInterruptStackTrace(Workload workload) {
        super(workload);
    }

    @Override
    protected void body(int id, Path temp) throws IOException, InterruptedException {
        try {
            super.body(id, temp);
        } catch (InterruptedException e) {
            e.printStackTrace();
            throw e;
        }
    }
}
