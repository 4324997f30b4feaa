package io.signaltest.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one task asked to be closed when it is cancelled ({@link TaskContext#closeOnCancel}): a thread blocked in a
 * socket read or in a read from a process's output ignores interrupts, and only closing the source ends the read.
 * Closed once; whatever is added after that is closed at once.
 */
final class CloseOnCancel {

    private final Consumer<Exception> onFailure;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private boolean closed;

    /** @param onFailure told of each close that throws; the others are closed all the same */
    CloseOnCancel(Consumer<Exception> onFailure) {
        this.onFailure = onFailure;
    }

    /** Keeps {@code closeable} for {@link #closeAll}, or closes it now if that already ran or {@code cancelled}. */
    void add(AutoCloseable closeable, boolean cancelled) {
        synchronized (this) {
            if (!closed && !cancelled) {
                closeables.add(closeable);
                return;
            }
        }
        close(closeable);
    }

    /** Closes everything added, in reverse order; only the first call does anything. */
    void closeAll() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(closeables);
            closeables.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            close(toClose.get(i));
        }
    }

    private void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            onFailure.accept(e);
        }
    }
}
