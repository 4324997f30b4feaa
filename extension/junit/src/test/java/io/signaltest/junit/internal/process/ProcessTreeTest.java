package io.signaltest.junit.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

    @Test
    void statWithSpacesAndParenthesesInTheName() {
        assertThat(ProcessTree.parseStat("4242 (my (odd) name) S 17 4242 4242 0 -1 4194560 120 0 0 0"))
                .hasValue(new ProcessTree.Stat("my (odd) name", 'S', 17));
        assertThat(ProcessTree.parseStat("1 (init) R 0 1 1")).hasValue(new ProcessTree.Stat("init", 'R', 0));
        assertThat(ProcessTree.parseStat("garbage")).isEmpty();
    }

    @Test
    void childrenAndCommandLines() {
        assertThat(ProcessTree.parseChildren("12 345 6789 \n")).containsExactly(12L, 345L, 6789L);
        assertThat(ProcessTree.parseChildren("")).isEmpty();
        assertThat(ProcessTree.parseCmdline("/bin/sh\0-c\0\"$@\"; echo after\0".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("/bin/sh", "-c", "\"$@\"; echo after");
        assertThat(ProcessTree.parseCmdline(new byte[0])).isEmpty();
    }

    @Test
    void commandCutsLongArgumentsShort() {
        String classpath = String.join(":", java.util.Collections.nCopies(20, "/home/me/.m2/repository/some.jar"));
        ProcessTree.Proc java = new ProcessTree.Proc(
                7, 1, "java", List.of("/opt/jdk/bin/java", "-cp", classpath, "-Dx=" + "y".repeat(300), "Main"));
        assertThat(java.command())
                .isEqualTo("/opt/jdk/bin/java -cp <classpath of 20 entries> -Dx=" + "y".repeat(196) + "… Main");
        assertThat(java.isJvm()).isTrue();
        assertThat(java.isShell()).isFalse();
        assertThat(new ProcessTree.Proc(8, 1, "dash", List.of()).toString()).isEqualTo("pid 8 (dash)");
        assertThat(ProcessTree.isShell("sh")).isTrue();
        assertThat(ProcessTree.isShell("bash")).isTrue();
    }

    /** A real shell with a real command below it, read from /proc. */
    @Test
    void shellAndTheCommandBelowIt() throws Exception {
        assumeTrue(ProcessTree.available(), "no /proc on this machine");
        Process shell = new ProcessBuilder("/bin/sh", "-c", "sleep 600; echo after")
                .redirectErrorStream(true)
                .start();
        try {
            long pid = shell.pid();
            // the shell forks sleep soon after it starts: wait for that event, with a long deadline; a process caught
            // in its exec can show its new name before its new command line
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<ProcessTree.Proc> below = List.of();
            while (System.nanoTime() < deadline) {
                below = ProcessTree.descendants(pid, p -> false);
                if (below.stream()
                        .anyMatch(p -> p.comm().equals("sleep") && !p.argv().isEmpty())) {
                    break;
                }
                Thread.onSpinWait();
            }
            assertThat(below).singleElement().satisfies(sleep -> {
                assertThat(sleep.ppid()).isEqualTo(pid);
                assertThat(sleep.argv()).containsExactly("sleep", "600");
                assertThat(sleep.alive()).isTrue();
            });
            assertThat(ProcessTree.children(pid)).containsExactly(below.get(0).pid());
            assertThat(ProcessTree.read(pid)).hasValueSatisfying(sh -> {
                assertThat(sh.isShell()).isTrue();
                assertThat(sh.ppid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(sh.command()).isEqualTo("/bin/sh -c sleep 600; echo after");
            });
            assertThat(ProcessTree.comm(pid)).hasValue("sh");
            assertThat(ProcessTree.children(ProcessHandle.current().pid())).contains(pid);
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly().waitFor();
        }
    }

    @Test
    void goneProcessReadsAsUnknown() {
        assertThat(ProcessTree.read(Long.MAX_VALUE)).isEmpty();
        assertThat(ProcessTree.children(Long.MAX_VALUE)).isEmpty();
        assertThat(ProcessTree.comm(Long.MAX_VALUE)).isEmpty();
    }
}
