package io.signaltest.junit.internal.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The machine's ports as a service sees them: a free one to give it, and whether one is free again after its exit. */
public final class FreePort {

    private FreePort() {}

    /**
     * A port that is free now: the kernel's choice for a listener on all interfaces, closed again at once. Another
     * process may take it before the service does; the service then fails to start, and the harness says so.
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on this machine: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a listener on all interfaces can bind {@code port} now. Connections in TIME_WAIT do not count (the
     * listener reuses the address, as servers do); a process that still listens on the port does.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
