package org.portcullis.upnp.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks what namespace and real-peer tests need. On a developer box a missing prerequisite skips the test with
 * a loud reason; under CI ({@code CI=true}) it fails it, so a green CI run never hides skipped peers.
 */
public final class Prerequisites {
    private Prerequisites() {}

    /** True when the environment says this is CI ({@code CI=true}). */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or, under CI, fails) with {@code reason} unless {@code ok}. */
    public static void require(boolean ok, String reason) {
        if (ok) {
            return;
        }
        if (isCi()) {
            String msg = "NAMESPACE TESTS FAILED (CI=true, a prerequisite is missing): " + reason;
            System.err.println(msg);
            Assertions.fail(msg);
        }
        String msg = "NAMESPACE TESTS SKIPPED: " + reason;
        System.err.println("*** " + msg + " ***");
        Assumptions.abort(msg);
    }

    /** Requires uid 0. */
    public static void requireRoot() {
        Processes.Result id = Processes.run(Processes.SHORT, "id", "-u");
        require(id.ok() && id.out().strip().equals("0"),
                "not running as root (id -u: " + id.out().strip() + id.err().strip() + ")");
    }

    /** Requires an executable on PATH or at an absolute path. */
    public static void requireExecutable(String name) {
        require(findExecutable(name), name + " is not installed (see .ci/run for the packages)");
    }

    /** Requires that {@code /usr/bin/python3} imports {@code module}. */
    public static void requirePythonModule(String module) {
        requireExecutable("/usr/bin/python3");
        Processes.Result r = Processes.run(Duration.ofSeconds(20), "/usr/bin/python3", "-c", "import " + module);
        require(r.ok(), "/usr/bin/python3 cannot import " + module + ": " + r.err().strip());
    }

    private static boolean findExecutable(String name) {
        if (name.contains("/")) {
            return Files.isExecutable(Path.of(name));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        path = path + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
