package io.signaltest.sample.service.plain;

import java.util.List;
import java.util.Map;

/**
 * How the plain service was asked to run: from {@code --port N} and {@code --variant NAME}, or else from the
 * environment variables {@code PORT} and {@code VARIANT}.
 */
record Options(int port, Variant variant) {

    static final int DEFAULT_PORT = 8080;

    static final String USAGE = """
            usage: java -cp <classes> io.signaltest.sample.service.plain.PlainService [--port N] [--variant NAME]
              --port N        the port to listen on (else the environment variable PORT, else 8080)
              --variant NAME  correct (the default) or stop-now (else the environment variable VARIANT)
            """;

    /** How the service stops on SIGTERM or SIGINT. */
    enum Variant {
        /** Answers 503 to new requests, waits for those in flight, then stops. */
        CORRECT("correct"),
        /** Stops the server at once, cutting the requests in flight. */
        STOP_NOW("stop-now");

        final String id;

        Variant(String id) {
            this.id = id;
        }

        static Variant of(String id) throws UsageException {
            for (Variant variant : values()) {
                if (variant.id.equals(id)) {
                    return variant;
                }
            }
            throw new UsageException("unknown variant \"" + id + "\": expected correct or stop-now");
        }
    }

    static Options parse(List<String> args, Map<String, String> env) throws UsageException {
        String port = env.get("PORT");
        String variant = env.get("VARIANT");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--port" -> port = valueOf(args, ++i, arg);
                case "--variant" -> variant = valueOf(args, ++i, arg);
                default -> throw new UsageException("unknown argument \"" + arg + "\"");
            }
        }
        return new Options(
                port == null ? DEFAULT_PORT : port(port), variant == null ? Variant.CORRECT : Variant.of(variant));
    }

    private static String valueOf(List<String> args, int index, String option) throws UsageException {
        if (index >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }

    private static int port(String text) throws UsageException {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the text
        }
        throw new UsageException("the port must be a number from 0 to 65535, was \"" + text + "\"");
    }

    /** A command line or environment the service cannot run with; exit code 2. */
    static final class UsageException extends Exception {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
