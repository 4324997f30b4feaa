package io.signaltest.junit.internal.process;

/** A run whose output the harness captured: its reports read the kept tail instead of the whole text. */
public interface CapturedRun {

    CapturedOutput capturedStdout();

    CapturedOutput capturedStderr();
}
