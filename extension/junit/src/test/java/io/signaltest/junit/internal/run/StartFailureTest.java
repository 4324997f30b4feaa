package io.signaltest.junit.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartFailureTest {

    @Test
    void namesAMissingMainClass() {
        assertThat(StartFailure.of(
                        1,
                        "Error: Could not find or load main class com.example.Main\n"
                                + "Caused by: java.lang.ClassNotFoundException: com.example.Main\n"))
                .hasValueSatisfying(
                        r -> assertThat(r.reason()).isEqualTo("the main class com.example.Main was not found"));
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
        assertThat(StartFailure.of(
                        1, "Unrecognized VM option 'Foo'\nError: Could not create the Java Virtual Machine.\n"))
                .hasValueSatisfying(r ->
                        assertThat(r.reason()).isEqualTo("the JVM refused an option: Unrecognized VM option 'Foo'"));
        assertThat(StartFailure.of(
                        1, "Invalid maximum heap size: -Xmx1q\nError: Could not create the Java Virtual Machine.\n"))
                .hasValueSatisfying(r -> assertThat(r.reason())
                        .isEqualTo("the JVM refused an option: Invalid maximum heap size: -Xmx1q"));
    }

    @Test
    void namesAJavaAgentTheJvmCouldNotLoad() {
        assertThat(StartFailure.of(
                        1,
                        "Error opening zip file or JAR manifest missing : /opt/agent.jar\n"
                                + "Error occurred during initialization of VM\nagent library "
                                + "failed to init: instrument\n"))
                .hasValueSatisfying(r ->
                        assertThat(r.reason()).isEqualTo("the JVM could not open the -javaagent jar /opt/agent.jar"));
        assertThat(StartFailure.of(
                        1,
                        "Failed to find Premain-Class manifest attribute in /opt/app.jar\n"
                                + "Error occurred during initialization of VM\nagent library "
                                + "failed to init: instrument\n"))
                .hasValueSatisfying(r -> assertThat(r.reason())
                        .isEqualTo("the -javaagent jar /opt/app.jar is not a Java agent (its "
                                + "manifest has no Premain-Class)"));
        assertThat(StartFailure.of(
                        134,
                        "Exception in thread \"main\" java.lang.reflect.InvocationTargetException\n"
                                + "Caused by: java.lang.IllegalArgumentException: "
                                + "signaltest-agent option 'fllow' is not name=value; "
                                + "expected for example ...\nFATAL ERROR in native method: "
                                + "processing of -javaagent failed\n"))
                .hasValueSatisfying(r ->
                        assertThat(r.reason()).isEqualTo("the signaltest agent's option 'fllow' is not name=value"));
        assertThat(StartFailure.of(
                        134,
                        "Caused by: java.lang.IllegalStateException: signaltest-agent could not install "
                                + "itself in this JVM (OpenJ9 VM 17.0.2): "
                                + "java.lang.UnsupportedOperationException. It needs ...\n"
                                + "FATAL ERROR in native method: processing of -javaagent failed\n"))
                .hasValueSatisfying(r -> assertThat(r.reason())
                        .isEqualTo("the signaltest agent could not install itself in this JVM (OpenJ9 VM 17.0.2)"));
    }

    @Test
    void saysNothingOfAProgramThatStartedAndFailedOnItsOwn() {
        assertThat(StartFailure.of(3, "batch: cannot read the input directory\n"))
                .isEmpty();
        // a program of ours may exit 127 for its own reasons: only the launcher's words count
        assertThat(StartFailure.of(127, "not found: the input file\n")).isEmpty();
    }
}
