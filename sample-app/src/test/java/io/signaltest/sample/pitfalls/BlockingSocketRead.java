package io.signaltest.sample.pitfalls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;

/**
 * Pitfalls guide, section "A blocking read ignores the interrupt".
 *
 * <p>Each task asks a server for its input and reads the reply from a {@code java.net.Socket}. The server (here, one in
 * the same process that never answers) is slow. The signal handler cancels correctly, with {@code shutdownNow()}, which
 * interrupts every task; but a thread blocked in a socket read (or in a read from a child process's output stream) does
 * not notice interrupts: the read goes on, the task never reaches its cleanup, and the program hangs. The cure is to
 * close what the task is reading from when it is cancelled; the signaltest runtime does that for whatever a task
 * registers with {@code TaskContext.closeOnCancel}.
 *
 * <p>Symptom, with tasks running at the signal: the program does not exit, and the thread dump shows the tasks in
 * {@code BlockingSocketRead.body}, in a socket read.
 */
public class BlockingSocketRead extends HandRolledBatch {

    /** Accepts connections (in its backlog) and never answers: a server that is slow today. */
    private final ServerSocket silentServer;

    public static void main(String[] args) {
        new BlockingSocketRead(Workload.fromMain("BlockingSocketRead", args)).run();
    }

    BlockingSocketRead(Workload workload) {
        super(workload);
        try {
            silentServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a local server socket", e);
        }
    }

    @Override
    protected void body(int id, Path temp) throws IOException {
        workload.createTempFile(id);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), silentServer.getLocalPort());
                InputStream reply = socket.getInputStream()) {
            reply.read(); // an interrupt does not end this read; only closing the socket would
        }
    }
}
