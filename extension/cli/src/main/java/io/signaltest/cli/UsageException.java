package io.signaltest.cli;

/** A command line that cannot be run as given; its message says what to change. Exit code 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
