package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portcullis.upnp.core.testing.IsolatedHost;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;

/**
 * The daemon's command line: bad options and refused interfaces exit 2 naming the problem; {@code --help} exits 0;
 * demo mode (also the default without interface flags) serves on loopback and stops cleanly on SIGTERM. Everything
 * that could bind runs in a fresh namespace.
 */
@Timeout(180)
class DaemonFlagsIT {

    @BeforeAll
    static void daemonJar() {
        DaemonProcess.jar();
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(new String[] {"--bogus"}, "unknown option: --bogus"),
                Arguments.of(new String[] {"--lan", "x0", "--wan", "x0"}, "interface x0 is the WAN interface"),
                Arguments.of(new String[] {"--wan", "x0"}, "--wan needs at least one --lan"),
                Arguments.of(new String[] {"--lan", "x0", "--lan", "x0"}, "--lan x0 given twice"),
                Arguments.of(new String[] {"--lan"}, "--lan needs a value"),
                Arguments.of(new String[] {"--http-port", "http"}, "--http-port needs a number"),
                Arguments.of(new String[] {"--http-port", "70000"}, "--http-port needs a number"),
                Arguments.of(new String[] {"--demo", "--lan", "x0"}, "--demo cannot be combined"),
                Arguments.of(new String[] {"--lan", "nosuchif0"}, "nosuchif0"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badOptions")
    void badOptionsExit2NamingTheProblem(String[] args, String message) {
        Processes.Result r = DaemonProcess.run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).contains(message);
        assertThat(r.out()).as(r.toString()).doesNotContain("READY");
    }

    @Test
    void helpPrintsUsageAndExits0() {
        Processes.Result r = DaemonProcess.run("--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Usage:").contains("--lan").contains("--wan").doesNotContain("READY");
    }

    /** Shared address space (RFC 6598) and documentation (RFC 5737) addresses are not LAN: refused, by name. */
    @Test
    @Tag("netns")
    void interfaceWithANonLanAddressIsRefused() {
        IsolatedHost.assumeAvailable();
        try (IsolatedHost host = IsolatedHost.create("pub")) {
            host.addVethPair("cgn0", "cgn1", "100.64.0.1/24");
            host.addVethPair("doc0", "doc1", "203.0.113.5/24");
            host.addVethPair("ok0", "ok1", "192.168.50.1/24");
            for (String dev : new String[] {"cgn0", "doc0"}) {
                Processes.Result r = DaemonProcess.runIn(host.namespace(), "--lan", dev, "--http-port", "0");
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
                assertThat(r.err()).as(r.toString()).contains("interface " + dev).contains("refusing");
                assertThat(r.out()).as(r.toString()).doesNotContain("READY");
            }
            // A good LAN interface next to a public one: still refused as a whole.
            Processes.Result mixed = DaemonProcess.runIn(host.namespace(), "--lan", "ok0", "--lan", "doc0");
            assertThat(mixed.exitCode()).as(mixed.toString()).isEqualTo(2);
            assertThat(mixed.err()).as(mixed.toString()).contains("doc0");
        }
    }

    @Test
    @Tag("netns")
    @Tag("peer")
    void demoServesOnLoopbackForUpnpcAndStopsOnSigterm() {
        IsolatedHost.assumeAvailable();
        Prerequisites.requireExecutable("upnpc");
        try (IsolatedHost host = IsolatedHost.create("demo");
                Processes.Background daemon = DaemonProcess.startIn(host.namespace(), "--demo")) {
            URI url = DaemonProcess.awaitReady(daemon, "127.0.0.1:");
            String ns = host.namespace();

            Processes.Result status = upnpc(ns, "-u", url.toString(), "-s");
            assertThat(status.out()).as(status.toString()).contains("ExternalIPAddress = 192.0.2.1");

            Processes.Result add = upnpc(ns, "-u", url.toString(), "-a", "127.0.0.1", "8080", "18080", "TCP");
            assertThat(add.out()).as(add.toString()).contains("is redirected to internal 127.0.0.1:8080");
            Processes.Result list = upnpc(ns, "-u", url.toString(), "-l");
            assertThat(list.out()).as(list.toString()).containsPattern("TCP\\s+18080->127\\.0\\.0\\.1:8080\\b");
            Processes.Result del = upnpc(ns, "-u", url.toString(), "-d", "18080", "TCP");
            assertThat(del.out()).as(del.toString()).containsPattern("UPNP_DeletePortMapping\\(\\) returned\\s*:\\s*0");

            assertThat(DaemonProcess.stop(daemon)).as(daemon.toString()).isZero();
        }
    }

    @Test
    @Tag("netns")
    void noFlagsMeansDemo() {
        IsolatedHost.assumeAvailable();
        try (IsolatedHost host = IsolatedHost.create("dflt");
                Processes.Background daemon = DaemonProcess.startIn(host.namespace())) {
            URI url = DaemonProcess.awaitReady(daemon, "127.0.0.1:");
            assertThat(url.getScheme()).isEqualTo("http");
            assertThat(daemon.waitForLine("^Demo mode", Duration.ofSeconds(5))).as(daemon.toString()).isPresent();
            assertThat(daemon.waitForLine("^Stop with Ctrl-C", Duration.ofSeconds(5))).as(daemon.toString()).isPresent();
            Processes.Result get = Processes.runIn(host.namespace(), Duration.ofSeconds(30), "/usr/bin/python3", "-c",
                    "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).status)",
                    url.toString());
            assertThat(get.out().strip()).as(get.toString()).isEqualTo("200");
            assertThat(DaemonProcess.stop(daemon)).as(daemon.toString()).isZero();
        }
    }

    /**
     * A supervisor may stop the daemon as soon as it reads READY: the SIGTERM handler must already be in place (it
     * once was installed after READY, and this ended with 143 and no byebye).
     */
    @Test
    @Tag("netns")
    void sigtermRightAfterReadyExitsZero() {
        IsolatedHost.assumeAvailable();
        try (IsolatedHost host = IsolatedHost.create("term");
                Processes.Background daemon = DaemonProcess.startIn(host.namespace(), "--demo")) {
            DaemonProcess.awaitReady(daemon, "127.0.0.1:");
            assertThat(DaemonProcess.stop(daemon)).as(daemon.toString()).isZero();
        }
    }

    private static Processes.Result upnpc(String ns, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "upnpc";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Processes.runIn(ns, Duration.ofSeconds(30), cmd);
    }
}
