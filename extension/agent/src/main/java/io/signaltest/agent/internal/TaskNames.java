package io.signaltest.agent.internal;

/** How the log names a task, a thread and a pool's workers. */
final class TaskNames {

    static final int MAX_NAME = 240;

    /**
     * The task's {@code toString()}, which the checks' messages show; a lambda, whose {@code toString()} is a generated
     * class name and a hash, by the class that wrote it.
     */
    static String describe(Runnable task) {
        String text;
        try {
            text = String.valueOf(task);
        } catch (RuntimeException e) {
            text = task.getClass().getName() + " (toString threw "
                    + e.getClass().getName() + ")";
        }
        String type = task.getClass().getName();
        int lambda = type.indexOf("$$Lambda");
        if (lambda > 0 && text.startsWith(type + "@")) {
            text = "a lambda in " + type.substring(0, lambda);
        }
        return text.length() > MAX_NAME ? text.substring(0, MAX_NAME) + "..." : text;
    }

    /** A thread's name; a virtual thread, which has none by default, by its id. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19; getId() is the same number
    static String threadName(Thread thread) {
        return !thread.getName().isEmpty() ? thread.getName() : "virtual thread #" + thread.getId();
    }

    static String prefixOf(String threadName) {
        int end = threadName.length();
        while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
            end--;
        }
        return threadName.substring(0, end);
    }

    private TaskNames() {}
}
