package io.signaltest.sample.pitfalls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pitfalls guide, section "Temporary files outside the work directory".
 *
 * <p>Correct in every way the log can show, but each task spills its intermediate results to a file from
 * {@code Files.createTempFile}, in {@code java.io.tmpdir}, and deletes it only when its work succeeded. A cancelled
 * task leaves its spill file behind, outside the work directory that the program cleans. signaltest gives each child
 * its own {@code java.io.tmpdir} (and {@code TMPDIR}) inside the run directory and fails a run that leaves anything
 * there.
 *
 * <p>Symptom, with tasks running at the signal: "temporary file left behind: spill-1-....tmp".
 */
public class SpillsToTempDir extends HandRolledBatch {

    public static void main(String[] args) {
        new SpillsToTempDir(Workload.fromMain("SpillsToTempDir", args)).run();
    }

    SpillsToTempDir(Workload workload) {
        super(workload);
    }

    @Override
    protected void body(int id, Path temp) throws IOException, InterruptedException {
        Path spill = Files.createTempFile("spill-" + id + "-", ".tmp");
        Files.writeString(spill, "intermediate results of input-" + id + "\n", StandardCharsets.UTF_8);
        super.body(id, temp);
        Files.delete(spill); // only reached when the work was not cancelled
    }
}
