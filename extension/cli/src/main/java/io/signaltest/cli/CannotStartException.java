package io.signaltest.cli;

/** The program under test cannot be started at all; the message says why and what to do. Exit code 3. */
final class CannotStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CannotStartException(String message) {
        super(message);
    }
}
