package org.portcullis.upnp.core.testing;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Low-level namespace commands shared by the topologies; every call is bounded. */
public final class NetworkNamespaces {
    private static final SecureRandom RANDOM = new SecureRandom();

    private NetworkNamespaces() {}

    /** A random hex suffix, unique per run, so that two runs never collide (namespace names stay short). */
    public static String uniqueSuffix() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Runs {@code ip args...} in the root namespace and throws with its output on failure. */
    public static Processes.Result ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        return Processes.run(Processes.SHORT, cmd).requireOk();
    }

    /** Runs {@code command} in {@code ns} and throws with its output on failure. */
    public static Processes.Result exec(String ns, String... command) {
        return Processes.runIn(ns, Processes.SHORT, command).requireOk();
    }

    /** True when namespace {@code ns} exists. */
    public static boolean exists(String ns) {
        Processes.Result r = Processes.run(Processes.SHORT, "ip", "netns", "list");
        for (String line : r.out().split("\n")) {
            String name = line.strip().split("\\s+", 2)[0];
            if (name.equals(ns)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Kills every process in {@code ns} with SIGKILL, then deletes it. Never throws; returns false when the
     * namespace is still there afterwards.
     */
    public static boolean delete(String ns) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Processes.Result pids = Processes.run(Processes.SHORT, "ip", "netns", "pids", ns);
            for (String line : pids.out().split("\n")) {
                String s = line.strip();
                if (s.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(s)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            Processes.run(Processes.SHORT, "ip", "netns", "del", ns);
            if (!exists(ns)) {
                return true;
            }
            sleep(Duration.ofMillis(200));
        }
        return !exists(ns);
    }

    /** Probes that namespaces can be created here (root, iproute2); skips or fails (CI) otherwise. */
    public static void assumeAvailable() {
        Prerequisites.requireExecutable("ip");
        Prerequisites.requireRoot();
        String probe = "pc" + uniqueSuffix() + "-probe";
        Processes.Result add = Processes.run(Processes.SHORT, "ip", "netns", "add", probe);
        try {
            Prerequisites.require(add.ok(), "`ip netns add` failed: " + add.err().strip());
            Processes.Result up = Processes.runIn(probe, Processes.SHORT, "ip", "link", "set", "lo", "up");
            Prerequisites.require(up.ok(), "`ip netns exec` failed: " + up.err().strip());
        } finally {
            if (add.ok()) {
                delete(probe);
            }
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
