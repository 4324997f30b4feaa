package io.signaltest.agent.plain;

/** A program that runs no executor at all: the agent has nothing to follow, and says so. */
public final class NoExecutorProgram {

    private NoExecutorProgram() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("working without an executor");
        Thread.sleep(Long.MAX_VALUE);
    }
}
