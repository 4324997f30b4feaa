package io.signaltest.junit.internal.run;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a program could not start, read from its exit code and what it printed on stderr: the reason that belongs on the
 * first line of the failure, instead of buried in the stderr tail.
 */
final class StartFailure {

    /** A known way of failing to start: what stderr says, and how we say it. */
    private record Cause(int exitCode, Pattern stderr, String reason, String todo) {
        Cause(Pattern stderr, String reason, String todo) {
            this(-1, stderr, reason, todo);
        }
    }

    private static final List<Cause> CAUSES = List.of(
            new Cause(
                    Pattern.compile("Could not find or load main class (\\S+)"),
                    "the main class $1 was not found",
                    "check the class name and that the class is on the child's classpath (main, or "
                            + "{classpath} in command)"),
            new Cause(
                    Pattern.compile("Main method not found in class (\\S+?),"),
                    "the class $1 has no main method",
                    "name a class with `public static void main(String[])`"),
            new Cause(
                    Pattern.compile("Unable to access jarfile (.+)"),
                    "the jar $1 cannot be read",
                    "build the jar first, and check the path of `jar` (relative paths start at the working directory)"),
            new Cause(
                    Pattern.compile("no main manifest attribute, in (.+)"),
                    "the jar $1 names no Main-Class in its manifest",
                    "add a Main-Class to the jar's manifest, or use `main` with the class name"),
            new Cause(
                    Pattern.compile("Error opening zip file or JAR manifest missing : (.+)"),
                    "the JVM could not open the -javaagent jar $1",
                    "check the path after -javaagent: (or of the configuration parameter signaltest.agent.jar): "
                            + "it must name a built signaltest-agent-<version>.jar"),
            new Cause(
                    Pattern.compile("Failed to find Premain-Class manifest attribute in (.+)"),
                    "the -javaagent jar $1 is not a Java agent (its manifest has no Premain-Class)",
                    "give -javaagent: (or the configuration parameter signaltest.agent.jar) the signaltest-agent jar"),
            new Cause(
                    Pattern.compile("signaltest-agent option ('[^']*') is not name=value"),
                    "the signaltest agent's option $1 is not name=value",
                    "write the agent's options as name=value after -javaagent:<jar>=, for example "
                            + "-javaagent:signaltest-agent.jar=follow=pool-1"),
            new Cause(
                    Pattern.compile("signaltest-agent could not install itself in this JVM (\\([^)]*\\))"),
                    "the signaltest agent could not install itself in this JVM $1",
                    "run the child on a HotSpot JVM of Java 17 or newer that allows -javaagent, or name the moment "
                            + "with atOutput instead of at"),
            new Cause(
                    Pattern.compile("processing of -javaagent failed"),
                    "a -javaagent failed to start, so the JVM stopped",
                    "read the agent's exception in stderr below; without the agent, name the moment with atOutput"),
            new Cause(
                    Pattern.compile(
                            "(Unrecognized (?:VM )?option[: ].+|Invalid .+ size.*|Improperly specified VM option.+)"),
                    "the JVM refused an option: $1",
                    "fix the JVM option in jvmArgs (or signaltest.program.jvmArgs)"),
            new Cause(
                    127,
                    Pattern.compile("(?:env|setsid|sh): (?:failed to execute "
                            + ")?[\u2018']?([^\u2018\u2019':]+)[\u2019']?: (?:No such file or "
                            + "directory|not found)"),
                    "the command $1 was not found",
                    "check the command's path (relative paths start at the working directory) or install it"),
            new Cause(
                    126,
                    Pattern.compile("(?:env|setsid|sh): (?:failed to execute "
                            + ")?[\u2018']?([^\u2018\u2019':]+)[\u2019']?: Permission denied"),
                    "the command $1 is not executable",
                    "make it executable (chmod +x), or run it through its interpreter (command = "
                            + "{\"python3\", \"script.py\"})"),
            new Cause(
                    Pattern.compile("Error: Could not create the Java Virtual Machine"),
                    "the JVM could not start",
                    "read the JVM's message in stderr below, usually a bad option in jvmArgs"));

    /** The reason and what to do, as two strings. */
    record Reason(String reason, String todo) {}

    private StartFailure() {}

    /** Why the program could not start, when its stderr and exit code say so in a known way. */
    static Optional<Reason> of(int exitCode, String stderr) {
        for (Cause cause : CAUSES) {
            if (cause.exitCode() >= 0 && cause.exitCode() != exitCode) {
                continue;
            }
            Matcher matcher = cause.stderr().matcher(stderr);
            if (matcher.find()) {
                String reason = cause.reason();
                for (int group = 1; group <= matcher.groupCount(); group++) {
                    reason = reason.replace("$" + group, matcher.group(group).strip());
                }
                return Optional.of(new Reason(reason, cause.todo()));
            }
        }
        return Optional.empty();
    }
}
