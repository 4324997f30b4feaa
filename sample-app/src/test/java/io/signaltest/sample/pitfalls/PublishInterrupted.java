package io.signaltest.sample.pitfalls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A race of the catalogue: a task interrupted while it publishes its result leaves its temporary file behind.
 *
 * <p>A task's work has two steps: the slow part, then publishing, which appends the result to the task's temporary file
 * through an NIO channel and hands the file on (here: deletes it, as an upload would). The cleanup deletes the
 * temporary file only for a task whose work was not done, and the task marks its work done when the slow part ends: one
 * interruptible step too early. When Ctrl+C lands while a task publishes, the interrupt closes the channel
 * ({@code ClosedByInterruptException}), the file stays, and the cleanup leaves it, sure that the task published it.
 *
 * <p>The standard matrix never sees it: its tasks never finish their slow part. A signal jittered among short tasks
 * lands in a publishing step in some runs only ({@code RaceScenarios}).
 *
 * <p>Symptom: "file left behind in work: input-3.part".
 */
public class PublishInterrupted extends HandRolledBatch {

    /** How much a task publishes, in chunks that each check for an interrupt: about a millisecond of writing. */
    private static final int CHUNKS = 256;

    private static final int CHUNK_BYTES = 4096;

    private final Set<Integer> workDone = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) {
        new PublishInterrupted(Workload.fromMain("PublishInterrupted", args)).run();
    }

    PublishInterrupted(Workload workload) {
        super(workload);
    }

    @Override
    protected void body(int id, Path temp) throws IOException, InterruptedException {
        workload.createTempFile(id);
        Thread.sleep(workload.taskMillis());
        workDone.add(id); // too early: publishing can still be interrupted
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
            for (int i = 0; i < CHUNKS; i++) {
                chunk.clear();
                out.write(chunk);
            }
        }
        Files.delete(temp); // handed on
    }

    @Override
    protected void cleanup(int id, Path temp) throws IOException, InterruptedException {
        Thread.interrupted();
        sleepShielded(workload.cleanupMillis());
        if (!workDone.contains(id)) { // "a task whose work was done has published its file"
            Files.deleteIfExists(temp);
        }
    }
}
