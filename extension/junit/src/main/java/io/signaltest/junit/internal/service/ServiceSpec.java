package io.signaltest.junit.internal.service;

import io.signaltest.junit.Signal;
import io.signaltest.junit.SignalTest;
import io.signaltest.junit.service.NewRequests;
import io.signaltest.junit.service.ServiceRun;
import io.signaltest.junit.service.ServiceTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The service's side of a validated {@link ServiceTest}: how it shows it is ready, what to send it, how it shows a
 * request in its handler, and the drain it must make. The program, the moments and the signals are in the scenario.
 *
 * @param readyUrl the readiness URL as declared (a path, or a whole URL that may hold the port placeholder)
 * @param inHandlerOutput the line that shows a request in a handler, when declared
 * @param agentEvidence whether the agent's records show a request in a handler
 * @param exitCodes the exit codes of a clean stop as declared; empty for 0 and 128 + the signal
 */
public record ServiceSpec(
        Optional<String> readyUrl,
        Optional<Pattern> readyOutput,
        long readyTimeoutMillis,
        RequestSpec request,
        RequestSpec newRequest,
        Optional<Pattern> inHandlerOutput,
        boolean agentEvidence,
        NewRequests newRequests,
        long servedForMillis,
        long answerWithinMillis,
        long graceMillis,
        Set<Integer> exitCodes,
        Optional<Pattern> lastOutput) {

    /** The default of {@link ServiceTest#graceMillis()}: Kubernetes' grace period. */
    public static final long DEFAULT_GRACE_MILLIS = 30_000;
    /** The default of {@link ServiceTest#readyTimeoutMillis()}. */
    public static final long DEFAULT_READY_TIMEOUT_MILLIS = 60_000;
    /** The default of {@link ServiceTest#answerWithinMillis()}. */
    public static final long DEFAULT_ANSWER_WITHIN_MILLIS = 5_000;

    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+:.*");
    private static final Pattern METHOD = Pattern.compile("[A-Za-z]+");

    public ServiceSpec {
        exitCodes = Set.copyOf(exitCodes);
    }

    /**
     * Validates the service's attributes of {@code a}.
     *
     * @throws ExtensionConfigurationException naming the attribute, when the annotation is misused
     */
    public static ServiceSpec of(ServiceTest a, Function<String, Optional<String>> configuration) {
        Function<String, Optional<String>> config =
                key -> configuration.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        Optional<String> readyUrl = Optional.of(a.readyUrl().trim())
                .filter(v -> !v.isEmpty())
                .or(() -> config.apply(ServiceTest.READY_URL_PROPERTY));
        readyUrl.ifPresent(ServiceSpec::checkUrl);
        Optional<Pattern> readyOutput =
                pattern("readyOutput", orConfigured(a.readyOutput(), ServiceTest.READY_OUTPUT_PROPERTY, config));
        if (readyUrl.isEmpty() && readyOutput.isEmpty()) {
            throw misuse("requires `readyUrl` or `readyOutput`, but neither is set: name the URL that answers 2xx once "
                    + "the service serves (readyUrl = \"/actuator/health/readiness\"), or the line it prints then "
                    + "(readyOutput = \"Started .* in\").");
        }
        RequestSpec request = isDefault(a.request())
                ? configuredRequest(ServiceTest.REQUEST_PROPERTY, config)
                        .map(r -> r.times(count(config)))
                        .orElseGet(() -> request("request", a.request()))
                : request("request", a.request());
        RequestSpec newRequest = a.newRequest().path().isEmpty()
                ? configuredRequest(ServiceTest.NEW_REQUEST_PROPERTY, config).orElse(request.times(1))
                : request("newRequest", a.newRequest()).times(1);
        NewRequests policy = a.newRequests();
        long servedFor = a.servedForMillis();
        Optional<String> configuredPolicy = config.apply(ServiceTest.NEW_REQUESTS_PROPERTY);
        if (policy == NewRequests.REFUSED && servedFor == 0 && configuredPolicy.isPresent()) {
            String value = configuredPolicy.get().toLowerCase(Locale.ROOT);
            if (value.equals("refused")) {
                // the default
            } else if (value.startsWith("served:") && value.substring(7).matches("[0-9]+")) {
                policy = NewRequests.SERVED;
                servedFor = Long.parseLong(value.substring(7));
            } else {
                throw new ExtensionConfigurationException("The configuration parameter "
                        + ServiceTest.NEW_REQUESTS_PROPERTY + " is \"" + configuredPolicy.get() + "\", but it must "
                        + "be refused, or served:MILLIS (served:5000: every request is still served for 5 s after "
                        + "the signal).");
            }
        }
        if (servedFor < 0 || a.answerWithinMillis() < 0 || a.graceMillis() < 0) {
            throw misuse("requires `servedForMillis`, `answerWithinMillis` and `graceMillis` to be 0 or more: give "
                    + "them in milliseconds.");
        }
        if (policy == NewRequests.SERVED && servedFor == 0) {
            throw misuse("with `newRequests = SERVED` requires `servedForMillis`, the time for which the service goes "
                    + "on serving after the signal: set it, for example servedForMillis = 5000.");
        }
        if (policy == NewRequests.REFUSED && servedFor > 0) {
            throw misuse("uses `servedForMillis` only with `newRequests = SERVED`: set that too, or remove "
                    + "`servedForMillis`.");
        }
        long grace = positive(a.graceMillis(), ServiceTest.GRACE_PROPERTY, configuration, DEFAULT_GRACE_MILLIS);
        if (policy == NewRequests.SERVED && servedFor >= grace) {
            throw misuse("requires `servedForMillis` (" + servedFor + " ms) to be shorter than the grace "
                    + "period (" + grace + " ms): a service that serves for the whole grace period is killed before "
                    + "it can drain.");
        }
        Set<Integer> exitCodes = new LinkedHashSet<>();
        int[] codes = a.exitCodes();
        Optional<String> configuredCodes = config.apply(ServiceTest.EXIT_CODES_PROPERTY);
        if (codes.length == 0 && configuredCodes.isPresent()) {
            try {
                codes = java.util.Arrays.stream(configuredCodes.get().split("[,\\s]+"))
                        .mapToInt(Integer::parseInt)
                        .toArray();
            } catch (NumberFormatException e) {
                throw new ExtensionConfigurationException("The configuration parameter "
                        + ServiceTest.EXIT_CODES_PROPERTY + " is \"" + configuredCodes.get() + "\", but it must be "
                        + "exit codes separated by commas, such as 0,143.");
            }
        }
        for (int code : codes) {
            if (code < 0 || code > 255) {
                throw misuse("requires each of `exitCodes` to be an exit code from 0 to 255, but one is " + code + ".");
            }
            exitCodes.add(code);
        }
        return new ServiceSpec(
                readyUrl,
                readyOutput,
                positive(
                        a.readyTimeoutMillis(),
                        ServiceTest.READY_TIMEOUT_PROPERTY,
                        configuration,
                        DEFAULT_READY_TIMEOUT_MILLIS),
                request,
                newRequest,
                pattern(
                        "inHandlerOutput",
                        orConfigured(a.inHandlerOutput(), ServiceTest.IN_HANDLER_OUTPUT_PROPERTY, config)),
                a.agent()
                        || config.apply(SignalTest.PROGRAM_AGENT_PROPERTY)
                                .map(Boolean::parseBoolean)
                                .orElse(false),
                policy,
                servedFor,
                a.answerWithinMillis() > 0 ? a.answerWithinMillis() : DEFAULT_ANSWER_WITHIN_MILLIS,
                grace,
                exitCodes,
                pattern("lastOutput", orConfigured(a.lastOutput(), ServiceTest.LAST_OUTPUT_PROPERTY, config)));
    }

    private static String orConfigured(String value, String property, Function<String, Optional<String>> config) {
        return value.isEmpty() ? config.apply(property).orElse("") : value;
    }

    private static boolean isDefault(ServiceTest.Request r) {
        return r.method().equals("GET")
                && r.path().equals("/")
                && r.body().isEmpty()
                && r.headers().length == 0
                && r.count() == 1
                && r.status() == 200
                && r.expectedMillis() == 0;
    }

    /** A request given as {@code METHOD PATH [STATUS]} in {@code property}. */
    private static Optional<RequestSpec> configuredRequest(String property, Function<String, Optional<String>> config) {
        Optional<String> value = config.apply(property);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String[] words = value.get().split("\\s+");
        boolean withStatus = words.length == 3 && words[2].matches("[1-5][0-9][0-9]");
        if ((words.length != 2 && !withStatus) || !METHOD.matcher(words[0]).matches() || !words[1].startsWith("/")) {
            throw new ExtensionConfigurationException("The configuration parameter " + property + " is \""
                    + value.get() + "\", but it must be METHOD PATH, with an optional status of a normal answer: "
                    + "GET /work?millis=1500, or POST /jobs 202.");
        }
        return Optional.of(new RequestSpec(
                words[0].toUpperCase(Locale.ROOT),
                words[1],
                "",
                List.of(),
                1,
                withStatus ? Integer.parseInt(words[2]) : 200,
                0));
    }

    private static int count(Function<String, Optional<String>> config) {
        Optional<String> value = config.apply(ServiceTest.REQUEST_COUNT_PROPERTY);
        if (value.isEmpty()) {
            return 1;
        }
        try {
            int count = Integer.parseInt(value.get());
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ExtensionConfigurationException("The configuration parameter " + ServiceTest.REQUEST_COUNT_PROPERTY
                + " is \"" + value.get() + "\", but it must be a count of at least 1: how many requests to hold in "
                + "flight at once.");
    }

    /** Whether the service can show that a request is inside one of its handlers. */
    public boolean showsRequestsInHandlers() {
        return inHandlerOutput.isPresent() || agentEvidence;
    }

    /** The readiness URL of a service on {@code port}, if one is declared. */
    public Optional<URI> readyUri(int port) {
        return readyUrl.map(url -> {
            String withPort = url.replace(ServiceTest.PORT_PLACEHOLDER, Integer.toString(port));
            return URI.create(withPort.startsWith("/") ? "http://localhost:" + port + withPort : withPort);
        });
    }

    /** The drain as the checks of a run with {@code signal} hold it. */
    public ServiceRun.Policy policy(Signal signal, int port) {
        Set<Integer> codes = exitCodes.isEmpty() ? Set.of(0, signal.exitCode()) : exitCodes;
        return new ServiceRun.Policy(
                newRequests,
                Duration.ofMillis(servedForMillis),
                Duration.ofMillis(answerWithinMillis),
                Duration.ofMillis(graceMillis),
                codes,
                lastOutput.map(Pattern::pattern),
                readyUri(port).map(URI::toString),
                request.status(),
                newRequest.status());
    }

    private static RequestSpec request(String attribute, ServiceTest.Request r) {
        String method = r.method().trim();
        if (!METHOD.matcher(method).matches()) {
            throw misuse("requires `" + attribute + ".method` to be an HTTP method such as GET or POST, but it is \""
                    + r.method() + "\".");
        }
        String path = r.path().trim();
        if (!path.startsWith("/")) {
            throw misuse("requires `" + attribute + ".path` to be a path on the service that starts with /, but it is "
                    + "\"" + r.path() + "\": for example path = \"/work?millis=1500\".");
        }
        try {
            URI.create("http://localhost:1" + path);
        } catch (IllegalArgumentException e) {
            throw misuse("requires `" + attribute + ".path` to be a valid path and query, but \"" + path + "\" is not ("
                    + e.getMessage() + "): encode the characters a URL cannot hold, such as spaces (%20).");
        }
        List<String> headers = new ArrayList<>();
        for (String header : r.headers()) {
            if (!HEADER.matcher(header).matches()) {
                throw misuse("requires each of `" + attribute + ".headers` to have the form \"Name: value\", but one "
                        + "is \"" + header + "\".");
            }
            headers.add(header);
        }
        if (r.count() < 1) {
            throw misuse("requires `" + attribute + ".count` to be at least 1, but it is " + r.count() + ".");
        }
        if (r.status() < 100 || r.status() > 599) {
            throw misuse("requires `" + attribute + ".status` to be an HTTP status (100 to 599), but it is "
                    + r.status() + ".");
        }
        if (r.expectedMillis() < 0) {
            throw misuse("requires `" + attribute + ".expectedMillis` to be 0 or more, but it is " + r.expectedMillis()
                    + ".");
        }
        return new RequestSpec(
                method.toUpperCase(Locale.ROOT), path, r.body(), headers, r.count(), r.status(), r.expectedMillis());
    }

    private static void checkUrl(String url) {
        String probe = url.replace(ServiceTest.PORT_PLACEHOLDER, "1");
        boolean path = probe.startsWith("/");
        try {
            URI uri = URI.create(path ? "http://localhost:1" + probe : probe);
            if (!path && (!"http".equals(uri.getScheme()) || uri.getHost() == null)) {
                throw new IllegalArgumentException("not an http URL with a host");
            }
        } catch (IllegalArgumentException e) {
            throw misuse("requires `readyUrl` to be a path on the service (\"/ready\") or an http URL "
                    + "(\"http://localhost:{port}/ready\"), but it is \"" + url + "\" (" + e.getMessage() + ").");
        }
    }

    private static Optional<Pattern> pattern(String attribute, String regex) {
        if (regex.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw misuse("requires `" + attribute + "` to be a regular expression (java.util.regex.Pattern), but \""
                    + regex + "\" is not one (" + e.getDescription() + " near index " + e.getIndex()
                    + "): fix the expression, or quote literal text with \\Q...\\E.");
        }
    }

    private static long positive(
            long value, String property, Function<String, Optional<String>> configuration, long defaultMillis) {
        if (value > 0) {
            return value;
        }
        Optional<String> configured =
                configuration.apply(property).map(String::trim).filter(v -> !v.isEmpty());
        if (configured.isEmpty()) {
            return defaultMillis;
        }
        try {
            long millis = Long.parseLong(configured.get());
            if (millis > 0) {
                return millis;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ExtensionConfigurationException("The configuration parameter " + property + " is \""
                + configured.get() + "\", which is not a positive number of milliseconds: set it to, for example, "
                + defaultMillis + ", or remove it.");
    }

    private static ExtensionConfigurationException misuse(String message) {
        return new ExtensionConfigurationException("@ServiceTest " + message);
    }
}
