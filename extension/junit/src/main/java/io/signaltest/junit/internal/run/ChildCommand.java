package io.signaltest.junit.internal.run;

import io.signaltest.junit.Delivery;
import io.signaltest.junit.SignalRun;
import io.signaltest.junit.internal.files.RunDirectory;
import io.signaltest.junit.internal.process.ChildLauncher;
import io.signaltest.junit.internal.process.ClassDataSharing;
import io.signaltest.junit.internal.process.NamespaceInit;
import io.signaltest.junit.internal.process.Platform;
import io.signaltest.junit.internal.process.Progress;
import io.signaltest.runtime.protocol.HarnessEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child's command line and environment for one invocation: the program as the scenario names it, with its JVM
 * options (the agent, a class-data-sharing archive, its own temporary directory), its arguments and placeholders filled
 * in, and the harness's variables ({@link HarnessEnvironment}) in its environment.
 */
public final class ChildCommand {

    /** In an element of {@code command}: this JVM's {@code java} executable. */
    public static final String JAVA_PLACEHOLDER = "{java}";
    /** In an element of {@code command}: this JVM's classpath ({@code java.class.path}). */
    public static final String CLASSPATH_PLACEHOLDER = "{classpath}";
    /**
     * In an element of {@code command} or {@code args}, or in an {@code env} value: this invocation's run directory.
     */
    public static final String RUN_DIRECTORY_PLACEHOLDER = "{runDir}";

    private ChildCommand() {}

    /**
     * What to start for {@code invocation}, with its files in {@code files}; each key of {@code values} (such as
     * {@code {port}}) is replaced by its value in the command line and the environment, as
     * {@value #RUN_DIRECTORY_PLACEHOLDER} is.
     */
    static ChildLauncher.Request request(
            Invocation invocation, RunDirectory files, Progress progress, Map<String, String> values) {
        Scenario scenario = invocation.scenario();
        Map<String, String> placeholders = new LinkedHashMap<>(values);
        placeholders.put(
                RUN_DIRECTORY_PLACEHOLDER, files.path().toAbsolutePath().toString());
        Path temp = files.createPrivateDirectory(SignalRun.TEMPORARY_DIRECTORY);
        ClassDataSharing.Launch sharing = scenario.classDataSharing()
                ? ClassDataSharing.prepare(files.base(), classpath(scenario.program()), scenario.jvmArgs())
                : ClassDataSharing.Launch.plain(classpath(scenario.program()));
        List<String> program = withJavaTempDirectory(
                        scenario.program(),
                        invocation.arguments().appendTo(programCommand(scenario, sharing, files.base())),
                        temp)
                .stream()
                .map(element -> fill(element, placeholders))
                .toList();
        if (scenario.delivery() == Delivery.PID_1) {
            List<String> inNamespace = new ArrayList<>(NamespaceInit.prefix().orElseThrow());
            inNamespace.addAll(program);
            program = inNamespace;
        }
        Map<String, String> environment = new LinkedHashMap<>();
        scenario.env().forEach((name, value) -> environment.put(name, fill(value, placeholders)));
        environment.put(HarnessEnvironment.LOG, files.file(RunDirectory.LOG).toString());
        environment.put(HarnessEnvironment.HOLD, invocation.holds());
        environment.put(HarnessEnvironment.CONTROL, HarnessEnvironment.CONTROL_STDIN);
        if (scenario.delivery() != Delivery.PID_1) { // in a PID namespace of its own, the child cannot see this JVM
            environment.put(
                    HarnessEnvironment.HARNESS_PID,
                    Long.toString(ProcessHandle.current().pid()));
        }
        environment.putIfAbsent("TMPDIR", temp.toString()); // unless the test set it itself in env
        return new ChildLauncher.Request(
                program,
                environment,
                scenario.workingDirectory(),
                scenario.delivery() == Delivery.PROCESS_GROUP,
                files.file(RunDirectory.STDOUT),
                files.file(RunDirectory.STDERR),
                progress,
                sharing.onExit());
    }

    /**
     * The command line of the scenario's program, before the launch wrappers, with its files under {@code outputBase}.
     */
    public static List<String> programCommand(Scenario scenario, Path outputBase) {
        return programCommand(scenario, ClassDataSharing.Launch.plain(classpath(scenario.program())), outputBase);
    }

    /**
     * The command line of the scenario's program, before the launch wrappers; a main class runs with the classpath and
     * the options of {@code sharing}. Files the launch needs (the agent's jar, when a runnable jar carries it) are
     * written under {@code outputBase}.
     */
    static List<String> programCommand(Scenario scenario, ClassDataSharing.Launch sharing, Path outputBase) {
        List<String> command = new ArrayList<>();
        Program program = scenario.program();
        List<String> jvmOptions = new ArrayList<>();
        scenario.agent().ifPresent(agent -> jvmOptions.add(agent.javaagentOption(outputBase)));
        jvmOptions.addAll(scenario.jvmArgs());
        if (program instanceof Program.MainClass main) {
            command.add(Platform.javaExecutable().toString());
            command.addAll(sharing.jvmOptions());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(sharing.classpath());
            command.add(main.className());
        } else if (program instanceof Program.Jar jar) {
            command.add(Platform.javaExecutable().toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.path().toString());
        } else if (program instanceof Program.Command given) {
            for (String element : given.elements()) {
                command.add(element.replace(
                                JAVA_PLACEHOLDER, Platform.javaExecutable().toString())
                        .replace(CLASSPATH_PLACEHOLDER, classpath()));
            }
        }
        command.addAll(scenario.args());
        return command;
    }

    private static String fill(String value, Map<String, String> placeholders) {
        String filled = value;
        for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            filled = filled.replace(placeholder.getKey(), placeholder.getValue());
        }
        return filled;
    }

    /** This JVM's classpath, which a child named by its main class runs on unless it names its own. */
    static String classpath() {
        return System.getProperty("java.class.path");
    }

    /** The classpath a main class runs on: its own, or this JVM's. */
    static String classpath(Program program) {
        return program instanceof Program.MainClass main
                ? main.classpath().orElseGet(ChildCommand::classpath)
                : classpath();
    }

    /**
     * {@code command} with {@code -Djava.io.tmpdir=<directory>} right after the {@code java} executable, when the
     * program is a JVM started by signaltest (a main class, a jar, or a command whose first element is {@code {java}}):
     * a program that spills to {@code Files.createTempFile} then leaves its leftovers in the run directory, where a
     * check sees them, instead of in the machine's {@code /tmp}. Other commands get {@code TMPDIR} only.
     */
    static List<String> withJavaTempDirectory(Program program, List<String> command, Path directory) {
        boolean jvm = program instanceof Program.MainClass
                || program instanceof Program.Jar
                || program instanceof Program.Command given
                        && given.elements().get(0).equals(JAVA_PLACEHOLDER);
        if (!jvm) {
            return command;
        }
        List<String> withOption = new ArrayList<>(command);
        withOption.add(1, "-Djava.io.tmpdir=" + directory);
        return withOption;
    }
}
