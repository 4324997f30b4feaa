package io.signaltest.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A program that some of this build's tests need and that a fresh machine may not have. Found at the path its system
 * property names, else at one of its usual places, else on the {@code PATH}.
 */
public enum Tool {

    /** A headless Chromium, for the tests that render the HTML report in a real browser. */
    CHROMIUM(
            "a headless Chromium",
            "signaltest.chromium",
            List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"),
            List.of("chromium", "chromium-browser", "google-chrome"),
            "apt-get install chromium"),

    /** Python 3, for the programs in Python that the harness checks. */
    PYTHON3("python3", "signaltest.python3", List.of(), List.of("python3"), "apt-get install python3"),

    /**
     * util-linux {@code unshare}, permitted to start a program as PID 1 of a new PID namespace (as root, or through a
     * user namespace), for the tests that show what a container's {@code docker stop} does; see {@link PidNamespace}.
     */
    UNSHARE(
            "util-linux unshare, permitted to make a new PID namespace",
            "signaltest.unshare",
            List.of("/usr/bin/unshare", "/bin/unshare"),
            List.of("unshare"),
            "apt-get install util-linux; run as root, or allow unprivileged user namespaces "
                    + "(sysctl user.max_user_namespaces above 0; on Ubuntu 24.04 also "
                    + "kernel.apparmor_restrict_unprivileged_userns=0)");

    private final String description;
    private final String property;
    private final List<String> places;
    private final List<String> names;
    private final String install;

    Tool(String description, String property, List<String> places, List<String> names, String install) {
        this.description = description;
        this.property = property;
        this.places = places;
        this.names = names;
        this.install = install;
    }

    /** The executable, when this machine has it and may use it as the tests need (see {@link #problem}). */
    public Optional<Path> find() {
        return executable().filter(path -> problem(path).isEmpty());
    }

    /** Why the executable at {@code path} cannot serve the tests here, or empty when it can. */
    private Optional<String> problem(Path path) {
        return this == UNSHARE ? PidNamespace.problem() : Optional.empty();
    }

    /** The executable, when this machine has it, whether or not it may be used. */
    Optional<Path> executable() {
        String configured = System.getProperty(property, "").trim();
        if (!configured.isEmpty()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        for (String place : places) {
            Path path = Path.of(place);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        String searchPath = System.getenv().getOrDefault("PATH", "");
        for (String directory : searchPath.split(File.pathSeparator)) {
            for (String name : names) {
                if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) {
                    return Optional.of(Path.of(directory, name));
                }
            }
        }
        return Optional.empty();
    }

    /** The executable; fails the calling test, saying how to get it, when this machine does not have it. */
    public Path require() {
        return find().orElseThrow(() -> new AssertionError("This test needs " + missing() + "."));
    }

    /** What is missing, where it was looked for, and how to get it: one sentence without its final stop. */
    String missing() {
        Optional<Path> executable = executable();
        Optional<String> problem = executable.flatMap(this::problem);
        if (problem.isPresent()) {
            return description + ", but the one at " + executable.get() + " is not usable here (" + problem.get()
                    + "): " + install;
        }
        String configured = System.getProperty(property, "").trim();
        List<String> looked = new ArrayList<>();
        if (!configured.isEmpty()) {
            looked.add(configured + " (-D" + property + ")");
        } else {
            looked.addAll(places);
            names.forEach(name -> looked.add(name + " on the PATH"));
        }
        return description + ", and none was found (looked for " + String.join(", ", looked) + "): install it ("
                + install + "), or name it with -D" + property + "=/path/to/it";
    }
}
