package io.signaltest.junit.internal.process;

/**
 * A child JVM for {@link NativeAccessIT}: says whether signals go out through JNA in a JVM started as a user's test JVM
 * is, then sends a real SIGINT to the pid it is given.
 */
public final class NativeKillProbe {

    private NativeKillProbe() {}

    public static void main(String[] args) {
        System.out.println("jna=" + NativeKill.available());
        System.out.println("delivered="
                + Signals.send("INT", Long.parseLong(args[0]), false).delivered());
    }
}
