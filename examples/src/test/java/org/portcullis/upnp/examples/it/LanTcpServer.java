package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.portcullis.upnp.core.testing.Processes;

/**
 * The forwarding ITs' probe: a small TCP server on the LAN host that greets each connection, and a client that
 * reports what it read, or why it could not connect.
 */
final class LanTcpServer {
    /** What {@link #connect} returns when the server answered. */
    static final String GREETING = "GOT HELLO-FROM-LAN";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Dual-stack (IPv4-mapped addresses accepted) on every address; lives at most {@code argv[2]} seconds. */
    private static final String SERVER = """
            import socket, sys, time
            s = socket.socket(socket.AF_INET6)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            s.bind(('::', int(sys.argv[1])))
            s.listen(16)
            s.settimeout(1)
            print('LISTENING', flush=True)
            end = time.time() + int(sys.argv[2])
            while time.time() < end:
                try:
                    c, a = s.accept()
                except socket.timeout:
                    continue
                c.sendall(b'HELLO-FROM-LAN\\n')
                c.close()
            """;
    private static final String CLIENT = """
            import socket, sys
            try:
                s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)
                s.settimeout(3)
                print('GOT', s.recv(100).decode('ascii', 'replace').strip())
            except OSError as e:
                print('NOCONNECT', type(e).__name__)
            """;

    private LanTcpServer() {}

    /** Starts the server in {@code ns} on {@code port} and waits until it listens. */
    static Processes.Background start(String ns, int port, Duration lifetime) {
        Processes.Background server = Processes.startIn(ns, "/usr/bin/python3", "-c", SERVER, Integer.toString(port),
                Long.toString(lifetime.toSeconds()));
        assertThat(server.waitForLine("^LISTENING$", Duration.ofSeconds(10))).as(server.toString()).isPresent();
        return server;
    }

    /** From {@code ns}: {@link #GREETING} when {@code host}:{@code port} answered, else {@code NOCONNECT <why>}. */
    static String connect(String ns, String host, int port) {
        Processes.Result r = Processes.runIn(ns, TIMEOUT, "/usr/bin/python3", "-c", CLIENT, host,
                Integer.toString(port));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.out().strip();
    }

    /** Deletes a test's state directory and everything in it; null is ignored. */
    static void deleteTree(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
