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

    /** Where a call goes: entry of, or return from, a method. */
    private enum At {
        ENTRY,
        RETURN
    }

    /**
     * One call: the method it goes into, where, the values it passes (as load instructions), and the Recorder method.
     */
    private record Hook(
            String method, String descriptor, At at, int[][] loads, String target, String targetDescriptor) {}

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
        hooks = Map.of(
                POOL,
                List.of(
                        new Hook(
                                "execute",
                                "(Ljava/lang/Runnable;)V",
                                At.ENTRY,
                                new int[][] {THIS, FIRST},
                                "submitting",
                                "(" + POOL_DESC + "Ljava/lang/Runnable;)V"),
                        new Hook(
                                "reject",
                                "(Ljava/lang/Runnable;)V",
                                At.ENTRY,
                                new int[][] {THIS, FIRST},
                                "rejected",
                                "(" + POOL_DESC + "Ljava/lang/Runnable;)V"),
                        new Hook(
                                "beforeExecute",
                                "(Ljava/lang/Thread;Ljava/lang/Runnable;)V",
                                At.ENTRY,
                                new int[][] {THIS, FIRST, SECOND},
                                "starting",
                                "(" + POOL_DESC + "Ljava/lang/Thread;Ljava/lang/Runnable;)V"),
                        new Hook(
                                "afterExecute",
                                "(Ljava/lang/Runnable;Ljava/lang/Throwable;)V",
                                At.ENTRY,
                                new int[][] {THIS, FIRST, SECOND},
                                "ended",
                                "(" + POOL_DESC + "Ljava/lang/Runnable;Ljava/lang/Throwable;)V"),
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
                                "(Ljava/util/List;" + POOL_DESC + ")V")),
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
                                "(Ljava/util/concurrent/Semaphore;)V")),
                // Java 21 and newer: the executor of Executors.newVirtualThreadPerTaskExecutor()
                "java/util/concurrent/ThreadPerTaskExecutor",
                List.of(new Hook(
                        "shutdownNow", "()Ljava/util/List;", At.ENTRY, new int[][] {}, "virtualShutdownNow", "()V")),
                "jdk/internal/misc/Signal",
                List.of(new Hook("dispatch", "(I)V", At.ENTRY, new int[][] {INT_STATIC_FIRST}, "signal", "(I)V")),
                "java/lang/Shutdown",
                List.of(
                        new Hook("exit", "(I)V", At.ENTRY, new int[][] {INT_STATIC_FIRST}, "exitRequested", "(I)V"),
                        new Hook("runHooks", "()V", At.RETURN, new int[][] {}, "finish", "()V")),
                "java/lang/Runtime",
                List.of(new Hook("halt", "(I)V", At.ENTRY, new int[][] {INT_FIRST}, "haltRequested", "(I)V")),
                "java/lang/ApplicationShutdownHooks",
                List.of(
                        new Hook(
                                "runHooks",
                                "()V",
                                At.ENTRY,
                                new int[][] {HOOKS_FIELD},
                                "hooksStarting",
                                "(Ljava/util/Map;)V"),
                        new Hook("runHooks", "()V", At.RETURN, new int[][] {}, "hooksFinished", "()V")),
                runtimeLog,
                List.of(new Hook(
                        "open",
                        "(Ljava/nio/file/Path;)L" + runtimeLog + ";",
                        At.RETURN,
                        new int[][] {RETURNED},
                        "standAside",
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
                                    : new Calls(next, className, here);
                        }
                    },
                    0);
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

        Calls(MethodVisitor next, String owner, List<Hook> hooks) {
            super(Opcodes.ASM9, next);
            this.owner = owner;
            this.hooks = hooks;
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

        private void emit(At at) {
            for (Hook hook : hooks) {
                if (hook.at() != at) {
                    continue;
                }
                boolean returnedFirst = hook.loads().length > 0 && hook.loads()[0] == RETURNED;
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
                assert !returnedFirst || hook.at() == At.RETURN;
            }
        }
    }
}
