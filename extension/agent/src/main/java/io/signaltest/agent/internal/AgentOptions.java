package io.signaltest.agent.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The agent's options, after {@code =} in {@code -javaagent:signaltest-agent.jar=follow=pool-1}. Read before anything
 * is installed, so that a mistyped option is reported as such, not as a JVM the agent cannot work in; this class refers
 * to nothing the agent defines in the bootstrap loader.
 */
public final class AgentOptions {

    private AgentOptions() {}

    /** {@code name=value} pairs, comma-separated; names the agent does not know are ignored. */
    public static Map<String, String> parse(String options) {
        Map<String, String> settings = new HashMap<>();
        if (options == null || options.isBlank()) {
            return settings;
        }
        for (String part : options.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("signaltest-agent option '" + part + "' is not name=value; "
                        + "expected for example -javaagent:signaltest-agent.jar=follow=pool-1");
            }
            settings.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return settings;
    }
}
