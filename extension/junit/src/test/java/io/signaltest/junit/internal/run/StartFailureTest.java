package io.signaltest.junit.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartFailureTest {

    @Test
    void namesAMissingMainClass() {
        assertThat(StartFailure.of(1, "Error: Could not find or load main class com.example.Main\n"
                + "Caused by: java.lang.ClassNotFoundException: com.example.Main\n"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("the main class com.example.Main was not found"));
    }

    @Test
    void namesACommandThatIsMissingOrNotExecutableWhateverTheQuotes() {
        assertThat(StartFailure.of(127, "env: \u2018./run.sh\u2019: No such file or directory\n"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("the command ./run.sh was not found"));
        assertThat(StartFailure.of(127, "env: './run.sh': No such file or directory\n"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("the command ./run.sh was not found"));
        assertThat(StartFailure.of(127, "setsid: failed to execute run.sh: No such file or directory\n"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("the command run.sh was not found"));
        assertThat(StartFailure.of(126, "env: \u2018/opt/app\u2019: Permission denied\n"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("the command /opt/app is not executable"));
    }

    @Test
    void namesTheJvmOptionThatWasRefused() {
        assertThat(StartFailure.of(1, "Unrecognized VM option 'Foo'\nError: Could not create the Java Virtual Machine.\n"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("the JVM refused an option: Unrecognized VM option 'Foo'"));
        assertThat(StartFailure.of(1, "Invalid maximum heap size: -Xmx1q\nError: Could not create the Java Virtual Machine.\n"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("the JVM refused an option: Invalid maximum heap size: -Xmx1q"));
    }

    @Test
    void saysNothingOfAProgramThatStartedAndFailedOnItsOwn() {
        assertThat(StartFailure.of(3, "batch: cannot read the input directory\n")).isEmpty();
        // a program of ours may exit 127 for its own reasons: only the launcher's words count
        assertThat(StartFailure.of(127, "not found: the input file\n")).isEmpty();
    }
}
