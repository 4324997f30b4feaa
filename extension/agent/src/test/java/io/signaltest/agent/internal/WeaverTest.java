package io.signaltest.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The weaver puts each call into the method it belongs to, in this JDK's own classes: if a JDK renames or changes one
 * of them, this test says which hook no longer lands.
 */
class WeaverTest {

    private final Weaver weaver = new Weaver("io.signaltest.runtime.protocol.LogWriter");

    @Test
    void everyExecutorHookLandsInItsMethod() throws IOException {
        assertThat(calls("java/util/concurrent/ThreadPoolExecutor"))
                .contains(
                        "execute -> submitting",
                        "execute -> submitted",
                        "reject -> rejected",
                        "shutdownNow -> shuttingDownNow",
                        "shutdownNow -> drained");
    }

    /**
     * A task's start and end are seen where the worker calls the hooks, so a subclass that overrides them without
     * calling super hides nothing; and the hooks themselves are left alone. The end lands twice: after a return and
     * after a throw.
     */
    @Test
    void taskStartsAndEndsLandWhereTheWorkerCallsTheHooks() throws IOException {
        List<String> calls = calls("java/util/concurrent/ThreadPoolExecutor");
        assertThat(calls.stream().filter(c -> c.startsWith("runWorker ")))
                .containsExactly("runWorker -> starting", "runWorker -> ended", "runWorker -> ended");
        assertThat(calls).noneMatch(c -> c.startsWith("beforeExecute ") || c.startsWith("afterExecute "));
    }

    @Test
    void aScheduledPoolsSubmissionsLandWhereItQueuesThem() throws IOException {
        assertThat(calls("java/util/concurrent/ScheduledThreadPoolExecutor"))
                .containsExactly("delayedExecute -> submitting", "delayedExecute -> submitted");
    }

    @Test
    void interruptsAndUnsupportedExecutorsAreSeen() throws IOException {
        assertThat(calls("java/lang/Thread")).containsExactly("interrupt -> interrupting");
        assertThat(calls("java/util/concurrent/ForkJoinWorkerThread")).containsExactly("run -> forkJoinWorker");
    }

    /**
     * Older JDKs (17 among them) run CompletableFuture's async tasks on a thread each when the common pool has one
     * thread; newer ones use the common pool whatever its size, whose workers the hook above sees.
     */
    @Test
    void completableFuturesOwnThreadsAreSeen() throws IOException {
        assumeTrue(
                ClassLoader.getSystemResource("java/util/concurrent/CompletableFuture$ThreadPerTaskExecutor.class")
                        != null,
                "this JDK's CompletableFuture has no thread-per-task executor");
        assertThat(calls("java/util/concurrent/CompletableFuture$ThreadPerTaskExecutor"))
                .containsExactly("execute -> completableFutureThread");
    }

    @Test
    void theSemaphoreHooksLandInAcquireAndRelease() throws IOException {
        assertThat(calls("java/util/concurrent/Semaphore"))
                .containsExactly("acquire -> acquiring", "acquire -> acquired", "release -> releasing");
    }

    @Test
    void theSignalAndShutdownHooksLandInTheirMethods() throws IOException {
        assertThat(calls("jdk/internal/misc/Signal")).containsExactly("dispatch -> signal");
        assertThat(calls("java/lang/Shutdown")).contains("exit -> exitRequested", "runHooks -> finish");
        assertThat(calls("java/lang/Runtime")).containsExactly("halt -> haltRequested");
        assertThat(calls("java/lang/ApplicationShutdownHooks"))
                .containsExactly("runHooks -> hooksStarting", "runHooks -> hooksFinished");
    }

    /**
     * The JDK's HttpServer: a request is seen where the end of a filter chain calls the handler, once per chain (not
     * where a filter is called, which may answer by itself).
     */
    @Test
    void aRequestIsSeenWhereTheFilterChainCallsTheHandler() throws IOException {
        assertThat(calls("com/sun/net/httpserver/Filter$Chain")).containsExactly("doFilter -> exchangeHandled");
    }

    @Test
    void drainedGetsTheListThatShutdownNowReturns() throws IOException {
        List<String> calls = calls("java/util/concurrent/ThreadPoolExecutor");
        assertThat(calls.indexOf("shutdownNow -> shuttingDownNow")).isLessThan(calls.indexOf("shutdownNow -> drained"));
    }

    @Test
    void otherClassesAreLeftAlone() throws IOException {
        assertThat(weaver.transform(
                        null,
                        null,
                        "java/util/concurrent/LinkedBlockingQueue",
                        null,
                        null,
                        jdkClass("java/util/concurrent/LinkedBlockingQueue")))
                .isNull();
    }

    @Test
    void optionsMustBeNameEqualsValue() {
        assertThat(AgentOptions.parse("follow=pool-2,other=x"))
                .containsEntry("other", "x")
                .containsEntry("follow", "pool-2");
        assertThatThrownBy(() -> AgentOptions.parse("follow")).hasMessageContaining("is not name=value");
    }

    /** "method -> Recorder method" for every call to the Recorder in the woven class, in order. */
    private List<String> calls(String internalName) throws IOException {
        byte[] woven = weaver.transform(null, null, internalName, null, null, jdkClass(internalName));
        assertThat(woven).as("%s is woven", internalName).isNotNull();
        List<String> calls = new ArrayList<>();
        new ClassReader(woven)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String descriptor, String signature, String[] exceptions) {
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitMethodInsn(
                                            int opcode, String owner, String method, String desc, boolean itf) {
                                        if (owner.equals("io/signaltest/agent/internal/Recorder")) {
                                            calls.add(name + " -> " + method);
                                        }
                                    }
                                };
                            }
                        },
                        0);
        return calls;
    }

    private static byte[] jdkClass(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            assertThat(in).as("the class file of %s", internalName).isNotNull();
            return in.readAllBytes();
        }
    }
}
