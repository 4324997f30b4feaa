package io.signaltest.sample.pitfalls;

import io.signaltest.runtime.Task;
import io.signaltest.runtime.TaskContext;
import io.signaltest.runtime.TaskRunner;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The cure for {@link BlockingSocketRead}: the same tasks, blocked in a socket read that ignores interrupts, on the
 * signaltest runtime, each registering its socket with {@link TaskContext#closeOnCancel}. On cancellation the runtime
 * closes the socket, the read ends with a {@code SocketException}, and the cleanup runs. It passes the standard matrix.
 */
public final class ClosesSocketOnCancel {

    private ClosesSocketOnCancel() {}

    public static void main(String[] args) throws IOException {
        Workload workload = Workload.fromMain("ClosesSocketOnCancel", args);
        ServerSocket silentServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Task> tasks = new ArrayList<>();
        for (int id = 1; id <= workload.tasks(); id++) {
            tasks.add(Task.of(
                    "input-" + id,
                    task -> awaitReply(task, silentServer.getLocalPort()),
                    task -> Thread.sleep(workload.cleanupMillis())));
        }
        TaskRunner.builder()
                .maxConcurrent(workload.maxConcurrent())
                .build()
                .run(tasks)
                .exit();
    }

    // tag::close-on-cancel[]
    private static void awaitReply(TaskContext task, int port) throws IOException {
        try (Socket socket = task.closeOnCancel(new Socket(InetAddress.getLoopbackAddress(), port));
                InputStream reply = socket.getInputStream()) {
            reply.read(); // ignores interrupts; ends with a SocketException when the runtime closes the socket
        }
    }
    // end::close-on-cancel[]
}
