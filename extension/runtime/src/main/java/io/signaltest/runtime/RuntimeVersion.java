package io.signaltest.runtime;

/** The runtime's version, from the jar manifest; "dev" when run from classes. */
final class RuntimeVersion {

    private RuntimeVersion() {}

    static String get() {
        String version = RuntimeVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
