package io.signaltest.sample.pitfalls;

import java.util.List;
import java.util.Map;

/**
 * Pitfalls guide, section "SIGHUP is a signal too".
 *
 * <p>A correct program in every other way, whose handlers cover SIGINT and SIGTERM only. When the terminal closes or
 * the ssh session drops, SIGHUP arrives; the JVM's own handling runs the shutdown hooks and halts with 129, so no task
 * is cancelled and no cleanup runs.
 *
 * <p>Symptom, in the SIGHUP scenario: "task 1 started but its cleanup never ran".
 */
public class HandlesOnlyIntAndTerm extends HandRolledBatch {

    public static void main(String[] args) {
        new HandlesOnlyIntAndTerm(Workload.fromMain("HandlesOnlyIntAndTerm", args)).run();
    }

    HandlesOnlyIntAndTerm(Workload workload) {
        super(workload);
    }

    @Override
    protected Map<String, String> installHandlers() {
        return installHandlers(List.of("INT", "TERM")); // SIGHUP is left to the JVM
    }
}
