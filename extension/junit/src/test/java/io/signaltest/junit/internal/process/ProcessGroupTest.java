package io.signaltest.junit.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The members of a process group, found in {@code /proc}: here, this JVM's own group. */
class ProcessGroupTest {

    @Test
    void thisJvmIsAMemberOfItsOwnGroupWithItsCommandLine() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc")), "a system without /proc has no groups to read");
        long pid = ProcessHandle.current().pid();
        String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.UTF_8);
        long pgid = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
        assertThat(ProcessGroup.members(pgid))
                .filteredOn(member -> member.pid() == pid)
                .singleElement()
                .satisfies(member -> assertThat(member.command()).contains("java"));
    }

    @Test
    void aGroupWithNoProcessHasNoMembers() {
        assertThat(ProcessGroup.members(Long.MAX_VALUE)).isEmpty();
    }
}
