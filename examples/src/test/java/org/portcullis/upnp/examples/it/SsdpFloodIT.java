package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.testing.NetworkNamespaces;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * A bounded M-SEARCH flood from the LAN host (20,000 unicast {@code ssdp:all} searches in about 4 s from
 * 192.168.77.2) while a second LAN source (192.168.77.3, another address of the LAN host) keeps searching: the
 * daemon keeps answering the legitimate searcher, the flooder gets no more than the per-source response budget
 * (20 datagrams/s, burst 40, by default), and the daemon's memory stays flat: its live heap after a full GC (read
 * with {@code jcmd GC.run} and {@code GC.heap_info}) grows by less than 8 MB, and its resident set by less than
 * 64 MB (RSS alone also counts heap the JVM grew into but no longer uses). Prints the amplification
 * factor of one {@code ssdp:all} search (response bytes over request bytes) and the flood's effective factor.
 */
@Tag("netns")
@Timeout(110)
class SsdpFloodIT {
    private static final String LEGIT_ADDRESS = "192.168.77.3";
    private static final int FLOOD_COUNT = 20_000;
    private static final double FLOOD_SECONDS = 4.0;
    /** SsdpConfig defaults: per-source responses 20/s with a burst of 40. */
    private static final int PER_SOURCE_RATE = 20;
    private static final int PER_SOURCE_BURST = 40;

    /** argv: src dst count seconds st. Paced unicast M-SEARCH sender; counts what comes back. */
    private static final String FLOOD = """
            import socket, sys, time
            src, dst, n, secs, st = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((src, 0))
            s.setblocking(False)
            msg = ('M-SEARCH * HTTP/1.1\\r\\nHOST: %s:1900\\r\\nMAN: "ssdp:discover"\\r\\nST: %s\\r\\n\\r\\n'
                   % (dst, st)).encode()
            got = nbytes = sent = 0
            start = time.monotonic()
            def drain():
                global got, nbytes
                while True:
                    try:
                        d = s.recv(4096)
                    except BlockingIOError:
                        return
                    got += 1
                    nbytes += len(d)
            while sent < n and time.monotonic() - start < secs * 3:
                due = min(n, int((time.monotonic() - start) / secs * n) + 1)
                while sent < due:
                    try:
                        s.sendto(msg, (dst, 1900))
                        sent += 1
                    except (BlockingIOError, OSError):
                        break
                drain()
                time.sleep(0.0005)
            flood_end = time.monotonic()
            while time.monotonic() - flood_end < 1.5:
                drain()
                time.sleep(0.01)
            print('RESULT sent=%d request_bytes=%d received=%d response_bytes=%d seconds=%.2f'
                  % (sent, len(msg), got, nbytes, flood_end - start), flush=True)
            """;

    /** argv: src dst rounds interval st. One search per round; prints how many rounds got an answer. */
    private static final String LEGIT = """
            import socket, sys, time
            src, dst, rounds, interval, st = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((src, 0))
            msg = ('M-SEARCH * HTTP/1.1\\r\\nHOST: %s:1900\\r\\nMAN: "ssdp:discover"\\r\\nST: %s\\r\\n\\r\\n'
                   % (dst, st)).encode()
            answered = got = nbytes = 0
            print('STARTED', flush=True)
            for i in range(rounds):
                s.sendto(msg, (dst, 1900))
                end = time.monotonic() + interval
                this = 0
                while True:
                    left = end - time.monotonic()
                    if left <= 0:
                        break
                    s.settimeout(left)
                    try:
                        d = s.recv(4096)
                    except socket.timeout:
                        break
                    this += 1
                    nbytes += len(d)
                got += this
                answered += 1 if this else 0
            print('RESULT rounds=%d answered=%d received=%d request_bytes=%d response_bytes=%d'
                  % (rounds, answered, got, len(msg), nbytes), flush=True)
            """;

    private static ThreeHostTopology net;
    private static Processes.Background daemon;

    @BeforeAll
    static void startGateway() {
        ThreeHostTopology.assumeAvailable();
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        NetworkNamespaces.exec(net.lanNamespace(), "ip", "addr", "add", LEGIT_ADDRESS + "/24", "dev",
                net.lanHostInterface());
        daemon = DaemonProcess.startIn(net.routerNamespace(),
                "--lan", net.routerLanInterface(), "--wan", net.routerWanInterface(), "--http-port", "0");
        DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    @AfterAll
    static void cleanUp() {
        DaemonProcess.stopAndRemove(daemon, net);
    }

    private static Map<String, Double> result(Processes.Result r) {
        Matcher m = Pattern.compile("RESULT (.*)").matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        Map<String, Double> out = new TreeMap<>();
        for (String kv : m.group(1).trim().split(" ")) {
            String[] p = kv.split("=");
            out.put(p[0], Double.parseDouble(p[1]));
        }
        return out;
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no VmRSS for " + pid);
    }

    /**
     * The daemon's heap in use right after a full collection, in kB: what the process still holds on to, unlike RSS.
     */
    private static long liveHeapKb(long pid) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Processes.Result gc = Processes.run(Duration.ofSeconds(30), jcmd, Long.toString(pid), "GC.run");
        assertThat(gc.exitCode()).as("jcmd GC.run: " + gc).isZero();
        Processes.Result info = Processes.run(Duration.ofSeconds(30), jcmd, Long.toString(pid), "GC.heap_info");
        assertThat(info.exitCode()).as("jcmd GC.heap_info: " + info).isZero();
        // G1: "garbage-first heap total 262144K, used 12345K"; Serial/Parallel: one such line per generation.
        java.util.regex.Pattern used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K");
        long kb = 0;
        int lines = 0;
        for (String line : info.out().split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            java.util.regex.Matcher m = used.matcher(line);
            if (m.find()) {
                kb += Long.parseLong(m.group(1));
                lines++;
            }
        }
        assertThat(lines).as("heap lines in: " + info.out()).isPositive();
        return kb;
    }

    private static Processes.Result python(String script, Duration timeout, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        cmd.addAll(List.of(args));
        return Processes.runIn(net.lanNamespace(), timeout, cmd);
    }

    @Test
    void floodFromOneLanHostLeavesOthersAnsweredAndMemoryFlat() throws Exception {
        String router = net.routerLanAddress();
        // Amplification of a single ssdp:all search, from a source with a full budget.
        Map<String, Double> one = result(python(LEGIT, Duration.ofSeconds(10), LEGIT_ADDRESS, router, "1", "1.5",
                "ssdp:all"));
        // One answer per notification the daemon announces (it logs the count: 11 for the IGD:2 tree today).
        java.util.regex.Matcher announced = java.util.regex.Pattern.compile("advertising (\\d+) notifications")
                .matcher(daemon.stderr());
        assertThat(announced.find()).as("daemon log names its notification count: " + daemon.stderr()).isTrue();
        assertThat(one.get("received")).as("ssdp:all answers: " + one)
                .isEqualTo(Double.parseDouble(announced.group(1)));
        double singleFactor = one.get("response_bytes") / one.get("request_bytes");

        Thread.sleep(2000); // let the legitimate source's bucket refill
        // Warm-up so that the RSS baseline is not taken before the JIT and pools settle.
        python(FLOOD, Duration.ofSeconds(20), net.lanHostAddress(), router, "2000", "1", "ssdp:all");
        Thread.sleep(1500);
        long rssBefore = rssKb(daemon.pid());
        long heapBefore = liveHeapKb(daemon.pid());

        Processes.Background legit = Processes.startIn(net.lanNamespace(), List.of("/usr/bin/python3", "-c", LEGIT,
                LEGIT_ADDRESS, router, "16", "0.5", "upnp:rootdevice"));
        Map<String, Double> flood;
        try {
            legit.waitForLine("^STARTED$", Duration.ofSeconds(10));
            flood = result(python(FLOOD, Duration.ofSeconds(40), net.lanHostAddress(), router,
                    Integer.toString(FLOOD_COUNT), Double.toString(FLOOD_SECONDS), "ssdp:all"));
            assertThat(legit.waitFor(Duration.ofSeconds(20))).isTrue();
        } finally {
            legit.close();
        }
        Map<String, Double> good = result(new Processes.Result(List.of("legit"), 0, legit.stdout(), "", false));
        long rssAfter = rssKb(daemon.pid());
        long heapAfter = liveHeapKb(daemon.pid());

        double floodSeconds = flood.get("seconds") + 1.5;
        double floodFactor = flood.get("response_bytes") / (flood.get("sent") * flood.get("request_bytes"));
        System.out.printf("SSDP amplification: one ssdp:all = %d B request -> %d responses, %d B (factor %.1f); "
                        + "flood %d requests -> %d responses (%.2f%% of requests, byte factor %.3f); "
                        + "legit %d/%d rounds answered; RSS %d kB -> %d kB; live heap after GC %d kB -> %d kB%n",
                one.get("request_bytes").intValue(), one.get("received").intValue(),
                one.get("response_bytes").intValue(), singleFactor, flood.get("sent").intValue(),
                flood.get("received").intValue(), 100 * flood.get("received") / flood.get("sent"), floodFactor,
                good.get("answered").intValue(), good.get("rounds").intValue(), rssBefore, rssAfter,
                heapBefore, heapAfter);

        assertThat(flood.get("sent")).as("flood sent").isGreaterThan(FLOOD_COUNT * 0.9);
        assertThat(flood.get("received")).as("flooder's responses within the per-source budget")
                .isLessThanOrEqualTo(PER_SOURCE_BURST + PER_SOURCE_RATE * floodSeconds + 10);
        assertThat(good.get("answered")).as("legitimate searcher answered during the flood: " + good)
                .isGreaterThanOrEqualTo(good.get("rounds") - 1);
        assertThat(heapAfter).as("daemon live heap after GC before %d kB, after %d kB", heapBefore, heapAfter)
                .isLessThan(heapBefore + 8 * 1024);
        assertThat(rssAfter).as("daemon RSS before %d kB, after %d kB", rssBefore, rssAfter)
                .isLessThan(rssBefore + 64 * 1024);
        assertThat(daemon.isAlive()).isTrue();
    }
}
