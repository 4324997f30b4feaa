package io.signaltest.agent.internal;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves one static call to the {@link Recorder} into each method the agent watches: at its entry, or right before its
 * normal return. Straight-line code only (no new branches, no exception handlers), so the methods' stack map frames
 * stay valid as they are; the Recorder's entry points never throw. Loops rather than streams or lambdas: every class
 * the agent loads is start-up time of the child JVM.
 */
final class Weaver implements ClassFileTransformer {

    private static final String RECORDER = "io/signaltest/agent/internal/Recorder";
    private static final String POOL = "java/util/concurrent/ThreadPoolExecutor";
    private static final String POOL_DESC = "L" + POOL + ";";
    private static final String THREAD_ARG = "(Ljava/lang/Thread;)V";

    /**
     * Where a call goes: entry of, or return from, a method; or right before a call that the method makes (the
     * {@code Hook}'s {@code call}), passing the two values on top of the stack for that call (its last two arguments,
     * or its receiver and its one argument) and {@code this}.
     */
    private enum At {
        ENTRY,
        RETURN,
        BEFORE_CALL
    }

    /**
     * One call: the method it goes into, where, the values it passes (as load instructions), and the Recorder method.
     */
    private record Hook(
            String method,
            String descriptor,
            At at,
            int[][] loads,
            String target,
            String targetDescriptor,
            String call,
            String callDescriptor,
            String callOwner) {

        Hook(String method, String descriptor, At at, int[][] loads, String target, String targetDescriptor) {
            this(method, descriptor, at, loads, target, targetDescriptor, null, null, null);
        }

        /** Before a call of the woven class's own method {@code call}. */
        Hook(
                String method,
                String descriptor,
                At at,
                int[][] loads,
                String target,
                String targetDescriptor,
                String call,
                String callDescriptor) {
            this(method, descriptor, at, loads, target, targetDescriptor, call, callDescriptor, null);
        }
    }

    /** An instruction that pushes one value: {opcode, operand}. DUP passes the value about to be returned. */
    private static final int[] THIS = {Opcodes.ALOAD, 0};

    private static final int[] FIRST = {Opcodes.ALOAD, 1};
    private static final int[] SECOND = {Opcodes.ALOAD, 2};
    private static final int[] INT_STATIC_FIRST = {Opcodes.ILOAD, 0};
    private static final int[] INT_FIRST = {Opcodes.ILOAD, 1};
    private static final int[] RETURNED = {Opcodes.DUP, -1};
    private static final int[] HOOKS_FIELD = {Opcodes.GETSTATIC, -1};

    private final Map<String, List<Hook>> hooks;

    Weaver(String runtimeLogClass) {
        String runtimeLog = runtimeLogClass.replace('.', '/');
        String pooled = "(Ljava/lang/Runnable;)V";
        hooks = Map.ofEntries(
                Map.entry(
                        POOL,
                        List.of(
                                new Hook(
                                        "execute",
                                        pooled,
                                        At.ENTRY,
                                        new int[][] {THIS, FIRST},
                                        "submitting",
                                        "(" + POOL_DESC + "Ljava/lang/Runnable;)V"),
                                new Hook("execute", pooled, At.RETURN, new int[][] {FIRST}, "submitted", pooled),
                                new Hook(
                                        "reject",
                                        pooled,
                                        At.ENTRY,
                                        new int[][] {THIS, FIRST},
                                        "rejected",
                                        "(" + POOL_DESC + "Ljava/lang/Runnable;)V"),
                                // where the pool's worker calls the hooks, not in the hooks themselves: a subclass
                                // may override them without calling super
                                new Hook(
                                        "runWorker",
                                        "(Ljava/util/concurrent/ThreadPoolExecutor$Worker;)V",
                                        At.BEFORE_CALL,
                                        new int[][] {},
                                        "starting",
                                        "(Ljava/lang/Thread;Ljava/lang/Runnable;" + POOL_DESC + ")V",
                                        "beforeExecute",
                                        "(Ljava/lang/Thread;Ljava/lang/Runnable;)V"),
                                new Hook(
                                        "runWorker",
                                        "(Ljava/util/concurrent/ThreadPoolExecutor$Worker;)V",
                                        At.BEFORE_CALL,
                                        new int[][] {},
                                        "ended",
                                        "(Ljava/lang/Runnable;Ljava/lang/Throwable;" + POOL_DESC + ")V",
                                        "afterExecute",
                                        "(Ljava/lang/Runnable;Ljava/lang/Throwable;)V"),
                                new Hook(
                                        "awaitTermination",
                                        "(JLjava/util/concurrent/TimeUnit;)Z",
                                        At.RETURN,
                                        new int[][] {RETURNED, THIS},
                                        "awaited",
                                        "(Z" + POOL_DESC + ")V"),
                                new Hook(
                                        "shutdownNow",
                                        "()Ljava/util/List;",
                                        At.ENTRY,
                                        new int[][] {THIS},
                                        "shuttingDownNow",
                                        "(" + POOL_DESC + ")V"),
                                new Hook(
                                        "shutdownNow",
                                        "()Ljava/util/List;",
                                        At.RETURN,
                                        new int[][] {RETURNED, THIS},
                                        "drained",
                                        "(Ljava/util/List;" + POOL_DESC + ")V"))),
                // a scheduled pool queues its tasks here, not through execute
                Map.entry(
                        "java/util/concurrent/ScheduledThreadPoolExecutor",
                        List.of(
                                new Hook(
                                        "delayedExecute",
                                        "(Ljava/util/concurrent/RunnableScheduledFuture;)V",
                                        At.ENTRY,
                                        new int[][] {THIS, FIRST},
                                        "submitting",
                                        "(" + POOL_DESC + "Ljava/lang/Runnable;)V"),
                                new Hook(
                                        "delayedExecute",
                                        "(Ljava/util/concurrent/RunnableScheduledFuture;)V",
                                        At.RETURN,
                                        new int[][] {FIRST},
                                        "submitted",
                                        pooled))),
                Map.entry(
                        "java/util/concurrent/Semaphore",
                        List.of(
                                new Hook(
                                        "acquire",
                                        "()V",
                                        At.ENTRY,
                                        new int[][] {THIS},
                                        "acquiring",
                                        "(Ljava/util/concurrent/Semaphore;)V"),
                                new Hook(
                                        "acquire",
                                        "()V",
                                        At.RETURN,
                                        new int[][] {THIS},
                                        "acquired",
                                        "(Ljava/util/concurrent/Semaphore;)V"),
                                new Hook(
                                        "release",
                                        "()V",
                                        At.ENTRY,
                                        new int[][] {THIS},
                                        "releasing",
                                        "(Ljava/util/concurrent/Semaphore;)V"))),
                // Java 21 and newer: the executor of Executors.newVirtualThreadPerTaskExecutor()
                Map.entry(
                        "java/util/concurrent/ThreadPerTaskExecutor",
                        List.of(new Hook(
                                "shutdownNow",
                                "()Ljava/util/List;",
                                At.ENTRY,
                                new int[][] {},
                                "virtualShutdownNow",
                                "()V"))),
                // an interrupt from another thread is how a program's cancellation reaches a running task
                Map.entry(
                        "java/lang/Thread",
                        List.of(new Hook(
                                "interrupt", "()V", At.ENTRY, new int[][] {THIS}, "interrupting", THREAD_ARG))),
                Map.entry(
                        "java/lang/VirtualThread",
                        List.of(new Hook(
                                "interrupt", "()V", At.ENTRY, new int[][] {THIS}, "interrupting", THREAD_ARG))),
                // executors whose tasks the agent cannot follow: seen, so that the harness can name them
                Map.entry(
                        "java/util/concurrent/ForkJoinWorkerThread",
                        List.of(new Hook("run", "()V", At.ENTRY, new int[][] {THIS}, "forkJoinWorker", THREAD_ARG))),
                Map.entry(
                        "java/util/concurrent/CompletableFuture$ThreadPerTaskExecutor",
                        List.of(new Hook(
                                "execute", pooled, At.ENTRY, new int[][] {}, "completableFutureThread", "()V"))),
                Map.entry(
                        "jdk/internal/misc/Signal",
                        List.of(new Hook(
                                "dispatch", "(I)V", At.ENTRY, new int[][] {INT_STATIC_FIRST}, "signal", "(I)V"))),
                Map.entry(
                        "java/lang/Shutdown",
                        List.of(
                                new Hook(
                                        "exit",
                                        "(I)V",
                                        At.ENTRY,
                                        new int[][] {INT_STATIC_FIRST},
                                        "exitRequested",
                                        "(I)V"),
                                new Hook("runHooks", "()V", At.RETURN, new int[][] {}, "finish", "()V"))),
                Map.entry(
                        "java/lang/Runtime",
                        List.of(new Hook("halt", "(I)V", At.ENTRY, new int[][] {INT_FIRST}, "haltRequested", "(I)V"))),
                Map.entry(
                        "java/lang/ApplicationShutdownHooks",
                        List.of(
                                new Hook(
                                        "runHooks",
                                        "()V",
                                        At.ENTRY,
                                        new int[][] {HOOKS_FIELD},
                                        "hooksStarting",
                                        "(Ljava/util/Map;)V"),
                                new Hook("runHooks", "()V", At.RETURN, new int[][] {}, "hooksFinished", "()V"))),
                // a request enters a handler of the service: a servlet, whatever container calls it
                servlet("jakarta/servlet"),
                servlet("javax/servlet"),
                // the JDK's HttpServer: the end of a filter chain calls the handler
                Map.entry(
                        "com/sun/net/httpserver/Filter$Chain",
                        List.of(new Hook(
                                "doFilter",
                                "(Lcom/sun/net/httpserver/HttpExchange;)V",
                                At.BEFORE_CALL,
                                new int[][] {},
                                "exchangeHandled",
                                "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)V",
                                "handle",
                                "(Lcom/sun/net/httpserver/HttpExchange;)V",
                                "com/sun/net/httpserver/HttpHandler"))),
                Map.entry(
                        runtimeLog,
                        List.of(new Hook(
                                "open",
                                "(Ljava/nio/file/Path;)L" + runtimeLog + ";",
                                At.RETURN,
                                new int[][] {RETURNED},
                                "standAside",
                                "(Ljava/lang/Object;)V"))));
    }

    /** {@code HttpServlet.service(ServletRequest, ServletResponse)} of the servlet API in {@code api}. */
    private static Map.Entry<String, List<Hook>> servlet(String api) {
        return Map.entry(
                api + "/http/HttpServlet",
                List.of(new Hook(
                        "service",
                        "(L" + api + "/ServletRequest;L" + api + "/ServletResponse;)V",
                        At.ENTRY,
                        new int[][] {FIRST},
                        "servletRequest",
                        "(Ljava/lang/Object;)V")));
    }

    /** The classes this weaver changes, by binary name, so that the installer can retransform those already loaded. */
    List<String> targets() {
        List<String> names = new ArrayList<>();
        for (String name : hooks.keySet()) {
            names.add(name.replace('/', '.'));
        }
        return names;
    }

    @Override
    public byte[] transform(
            Module module,
            ClassLoader loader,
            String className,
            Class<?> redefined,
            ProtectionDomain domain,
            byte[] classfile) {
        List<Hook> wanted = className == null ? null : hooks.get(className);
        if (wanted == null) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfile);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            List<Hook> landed = new ArrayList<>();
            reader.accept(
                    new ClassVisitor(Opcodes.ASM9, writer) {
                        @Override
                        public MethodVisitor visitMethod(
                                int access, String name, String descriptor, String signature, String[] exceptions) {
                            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                            List<Hook> here = new ArrayList<>();
                            for (Hook hook : wanted) {
                                if (hook.method().equals(name)
                                        && hook.descriptor().equals(descriptor)) {
                                    here.add(hook);
                                }
                            }
                            return here.isEmpty() || (access & Opcodes.ACC_ABSTRACT) != 0
                                    ? next
                                    : new Calls(next, className, here, landed);
                        }
                    },
                    0);
            for (Hook hook : wanted) {
                if (hook.at() == At.BEFORE_CALL && !landed.contains(hook)) {
                    // the JDK changed the method: say so rather than leave the log silently without these records
                    System.err.println("signaltest-agent found no call of " + hook.call() + " in "
                            + className.replace('/', '.') + "." + hook.method() + "; the cleanup log will miss the "
                            + "records of " + hook.target() + ". Please report this JDK version: "
                            + System.getProperty("java.version"));
                }
            }
            return writer.toByteArray();
        } catch (RuntimeException e) {
            System.err.println("signaltest-agent could not instrument " + className.replace('/', '.') + ": " + e
                    + "; its records will be missing from the cleanup log.");
            return null;
        }
    }

    /** Emits the hooks of one method. */
    private static final class Calls extends MethodVisitor {
        private final String owner;
        private final List<Hook> hooks;
        private final List<Hook> landed;

        Calls(MethodVisitor next, String owner, List<Hook> hooks, List<Hook> landed) {
            super(Opcodes.ASM9, next);
            this.owner = owner;
            this.hooks = hooks;
            this.landed = landed;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            emit(At.ENTRY);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                emit(At.RETURN);
            }
            super.visitInsn(opcode);
        }

        /**
         * Before a call a hook waits for: its two arguments are on top of the stack, under them the receiver, this
         * method's {@code this}. DUP2 passes them on, and the call itself finds the stack as it was.
         */
        @Override
        public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor, boolean itf) {
            for (Hook hook : hooks) {
                if (hook.at() == At.BEFORE_CALL
                        && (opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE)
                        && callOwner.equals(hook.callOwner() == null ? owner : hook.callOwner())
                        && name.equals(hook.call())
                        && descriptor.equals(hook.callDescriptor())) {
                    super.visitInsn(Opcodes.DUP2);
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitMethodInsn(
                            Opcodes.INVOKESTATIC, RECORDER, hook.target(), hook.targetDescriptor(), false);
                    landed.add(hook);
                }
            }
            super.visitMethodInsn(opcode, callOwner, name, descriptor, itf);
        }

        private void emit(At at) {
            for (Hook hook : hooks) {
                if (hook.at() != at) {
                    continue;
                }
                for (int[] load : hook.loads()) {
                    if (load == RETURNED) {
                        super.visitInsn(Opcodes.DUP);
                    } else if (load == HOOKS_FIELD) {
                        super.visitFieldInsn(Opcodes.GETSTATIC, owner, "hooks", "Ljava/util/IdentityHashMap;");
                    } else {
                        super.visitVarInsn(load[0], load[1]);
                    }
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, RECORDER, hook.target(), hook.targetDescriptor(), false);
                landed.add(hook);
            }
        }
    }
}
