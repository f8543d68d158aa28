package org.portcullis.upnp.examples.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/** Runs the shaded daemon jar ({@code PORTCULLIS_DAEMON_JAR}, set by Failsafe) with the test's own {@code java}. */
final class DaemonProcess {
    static final String JAR_ENV = "PORTCULLIS_DAEMON_JAR";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final String READY = "^READY description=(\\S+)$";

    private DaemonProcess() {}

    /** The jar; skips (fails under CI) when it is not there. */
    static Path jar() {
        String value = System.getenv(JAR_ENV);
        Prerequisites.require(value != null && !value.isBlank(),
                JAR_ENV + " is not set (Failsafe sets it; run `mvn verify`)");
        Path jar = Path.of(value);
        Prerequisites.require(Files.isRegularFile(jar), JAR_ENV + "=" + jar + " does not exist (run `mvn package`)");
        return jar;
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Processes.javaExecutable());
        cmd.add("-Xmx256m");
        cmd.add("-Xshare:off");
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs the daemon to completion (for options it rejects before serving). */
    static Processes.Result run(String... args) {
        return Processes.run(Duration.ofSeconds(60), command(args));
    }

    static Processes.Result runIn(String ns, String... args) {
        return Processes.runIn(ns, Duration.ofSeconds(60), command(args));
    }

    /** Starts the daemon in {@code ns}. */
    static Processes.Background startIn(String ns, String... args) {
        return Processes.startIn(ns, command(args));
    }

    /**
     * Waits for the first READY line whose URL's host starts with {@code hostPrefix}.
     *
     * @throws AssertionError with the daemon's output when none comes in time
     */
    static URI awaitReady(Processes.Background daemon, String hostPrefix) {
        Optional<Matcher> m = daemon.waitForLine(
                "^READY description=(http://" + hostPrefix.replace(".", "\\.") + "\\S*)$", START_TIMEOUT);
        if (m.isEmpty()) {
            throw new AssertionError("daemon printed no READY line for " + hostPrefix + " within " + START_TIMEOUT
                    + ": " + daemon);
        }
        return URI.create(m.get().group(1));
    }

    /** SIGTERM, then waits up to 20 s; returns the exit code, or -1 if it had to be killed. */
    static int stop(Processes.Background daemon) {
        daemon.terminate();
        if (!daemon.waitFor(Duration.ofSeconds(20))) {
            daemon.kill();
            return -1;
        }
        return daemon.exitCode().orElse(-1);
    }

    /**
     * After a class: stops the daemon (SIGTERM, then SIGKILL), prints its output for the test log, closes the test's
     * other processes (listeners, servers), then removes the topology, whatever failed first. Any may be null
     * (start-up failed before it existed).
     */
    static void stopAndRemove(Processes.Background daemon, ThreeHostTopology net, Processes.Background... others) {
        try {
            if (daemon != null) {
                daemon.destroy(Duration.ofSeconds(10));
                System.out.println("daemon output:\n" + daemon);
            }
            for (Processes.Background other : others) {
                if (other != null) {
                    other.close();
                }
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }

    /** {@code upnpc} on the LAN host, discovering the gateway by SSDP on its interface ({@code -i}: test address). */
    static Processes.Result lanUpnpc(ThreeHostTopology net, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of("upnpc", "-m", ThreeHostTopology.LAN_HOST_IF, "-i"));
        cmd.addAll(List.of(args));
        return Processes.runIn(net.lanNamespace(), timeout, cmd);
    }
}
