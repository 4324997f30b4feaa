package io.signaltest.agent.internal;

import java.util.Optional;
import java.util.Set;

/** Who asked the JVM to exit or halt: the first frame outside the JDK's exit machinery and the agent. */
final class Callers {

    private static final Set<String> MACHINERY = Set.of("java.lang.Shutdown", "java.lang.Runtime", "java.lang.System");

    private Callers() {}

    /** {@code [by, caller]}: by is {@code jvm} when the JVM's own signal handler exits, else {@code application}. */
    static String[] of() {
        Optional<StackWalker.StackFrame> frame = StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !MACHINERY.contains(f.getClassName())
                                && !f.getClassName().startsWith("io.signaltest.agent.internal."))
                        .findFirst());
        if (frame.isEmpty()) {
            return new String[] {"application", null};
        }
        StackWalker.StackFrame f = frame.get();
        String where = f.getClassName() + "." + f.getMethodName()
                + (f.getFileName() == null ? "" : "(" + f.getFileName() + ":" + f.getLineNumber() + ")");
        return new String[] {f.getClassName().startsWith("java.lang.Terminator") ? "jvm" : "application", where};
    }
}
