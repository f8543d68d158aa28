package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.client.Gateway;
import org.portcullis.upnp.igd.client.GatewayClient;
import org.portcullis.upnp.igd.client.GatewayException;
import org.portcullis.upnp.igd.client.PortMappingRequest;
import org.portcullis.upnp.igd.client.RemoteMapping;

/**
 * The IGD client against a real, independent gateway: Debian's miniupnpd 2.3.1 (nftables build, IGD:2) in the
 * router namespace, and the client in its own JVM ({@link Probe}) in the LAN namespace: discover, external
 * address, AddPortMapping, AddAnyPortMapping, listing (GetListOfPortMappings), a refused mapping for another host
 * (secure mode), DeletePortMapping.
 */
@Tag("netns")
@Tag("peer")
@Timeout(110)
class GatewayClientMiniupnpdIT {
    private static ThreeHostTopology net;

    @BeforeAll
    static void start() {
        ThreeHostTopology.assumeAvailable();
        Miniupnpd.requireInstalled();
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void discoverAddListDeleteAgainstMiniupnpdIgd2() {
        try (Miniupnpd miniupnpd = Miniupnpd.start(net, net.routerLanInterface())) {
            igd2(miniupnpd);
        }
    }

    /** miniupnpd's {@code force_igd_desc_v1}: an IGD:1 tree, so the client uses GetGenericPortMappingEntry. */
    @Test
    void discoverAddListDeleteAgainstMiniupnpdIgd1() {
        try (Miniupnpd miniupnpd = Miniupnpd.start(net, net.routerLanInterface(), "force_igd_desc_v1=yes")) {
            Processes.Result r = Probe.runIn(net.lanNamespace(), net.lanHostInterface(), net.lanHostAddress());
            String out = r.out();
            System.out.println("client probe against miniupnpd (IGD:1 description):\n" + out);
            assertThat(r.ok()).as(r + "\nminiupnpd:\n" + miniupnpd.output()).isTrue();
            assertThat(out).as(r.toString())
                    .contains("GATEWAY urn:schemas-upnp-org:service:WANIPConnection:1 http://192.168.77.1:"
                            + miniupnpd.httpPort() + "/ctl/IPConn igd2=false")
                    .contains("EXTERNAL ok " + Miniupnpd.EXTERNAL_ADDRESS)
                    .contains("ADD ok")
                    .doesNotContain("ADDANY")
                    .containsPattern("LIST TCP 18080 192\\.168\\.77\\.2 8080 pc-it \\d+")
                    .contains("LIST done")
                    .containsPattern("OTHERHOST ERROR FAULT (718|606)")
                    .contains("DELETE ok")
                    .contains("AFTER done")
                    .doesNotContain("AFTER TCP 18080");
            assertThat(miniupnpd.output()).contains("GetGenericPortMappingEntry");
        }
    }

    private static void igd2(Miniupnpd miniupnpd) {
        Processes.Result r = Probe.runIn(net.lanNamespace(), net.lanHostInterface(), net.lanHostAddress());
        String out = r.out();
        System.out.println("client probe against miniupnpd:\n" + out);
        assertThat(r.ok()).as(r + "\nminiupnpd:\n" + miniupnpd.output()).isTrue();
        assertThat(out).as(r.toString())
                .contains("GATEWAY urn:schemas-upnp-org:service:WANIPConnection:2 http://192.168.77.1:"
                        + miniupnpd.httpPort() + "/ctl/IPConn igd2=true")
                .contains("server=Debian/")
                .contains("MiniUPnPd/2.3.1")
                .contains("EXTERNAL ok " + Miniupnpd.EXTERNAL_ADDRESS)
                .contains("ADD ok")
                .containsPattern("ADDANY ok \\d+")
                .containsPattern("LIST TCP 18080 192\\.168\\.77\\.2 8080 pc-it \\d+")
                .containsPattern("LIST UDP \\d+ 192\\.168\\.77\\.2 8081 pc-it-any \\d+")
                .containsPattern("OTHERHOST ERROR FAULT (718|606)")
                .contains("DELETE ok")
                .contains("DELETEANY ok")
                .doesNotContain("AFTER TCP 18080");
        assertThat(miniupnpd.output()).contains("AddPortMapping: ext port 18080 to 192.168.77.2:8080")
                .contains("#GetListOfPortMappings");
    }

    /**
     * Debian's miniupnpd in the router namespace, with its nftables table created here (the package's
     * {@code nft_init.sh} is broken) and a config file in a temporary directory.
     */
    static final class Miniupnpd implements AutoCloseable {
        /**
         * Declared external address: miniupnpd 2.3.1 refuses {@code ext_ip} in 203.0.113.0/24 (reserved) and,
         * without {@code ext_ip}, refuses every mapping because rwan0's address is reserved. 11.0.0.1 is neither
         * reserved nor routed anywhere from these namespaces.
         */
        static final String EXTERNAL_ADDRESS = "11.0.0.1";
        private static final String NFT_TABLE = """
                table inet filter {
                  chain forward { type filter hook forward priority 0; policy accept; jump miniupnpd; }
                  chain miniupnpd { }
                  chain prerouting { type nat hook prerouting priority -100; policy accept; jump prerouting_miniupnpd; }
                  chain postrouting { type nat hook postrouting priority 100; policy accept; jump postrouting_miniupnpd; }
                  chain prerouting_miniupnpd { }
                  chain postrouting_miniupnpd { }
                }
                """;

        private final Processes.Background process;
        private final Path dir;
        private final int httpPort;

        private Miniupnpd(Processes.Background process, Path dir, int httpPort) {
            this.process = process;
            this.dir = dir;
            this.httpPort = httpPort;
        }

        static void requireInstalled() {
            Prerequisites.requireExecutable("miniupnpd");
            Prerequisites.requireExecutable("nft");
        }

        /** Starts miniupnpd with WAN rwan0, SSDP/HTTP on {@code listeningInterface}, and extra config lines. */
        static Miniupnpd start(ThreeHostTopology net, String listeningInterface, String... extraConfig) {
            String ns = net.routerNamespace();
            Path dir;
            try {
                dir = Files.createTempDirectory("pc-miniupnpd");
                Files.writeString(dir.resolve("miniupnpd.conf"), String.join("\n",
                        "ext_ifname=" + net.routerWanInterface(),
                        "listening_ip=" + listeningInterface,
                        "ext_ip=" + EXTERNAL_ADDRESS,
                        "http_port=0",
                        "enable_natpmp=no",
                        "enable_upnp=yes",
                        "secure_mode=yes",
                        "system_uptime=no",
                        "lease_file=" + dir.resolve("leases"),
                        "uuid=3d3cec3a-8cf0-11e0-98ee-001a6bd2d07d",
                        "allow 1024-65535 192.168.77.0/24 1024-65535",
                        "deny 0-65535 0.0.0.0/0 0-65535", String.join("\n", extraConfig), ""),
                        StandardCharsets.US_ASCII);
                Files.writeString(dir.resolve("table.nft"), NFT_TABLE, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Processes.Result flush = Processes.runIn(ns, Processes.SHORT, "nft", "flush", "ruleset");
            flush.requireOk();
            Processes.runIn(ns, Processes.SHORT, "nft", "-f", dir.resolve("table.nft").toString()).requireOk();
            Processes.Background p = Processes.startIn(ns, "miniupnpd", "-f", dir.resolve("miniupnpd.conf").toString(),
                    "-d", "-4", "-P", dir.resolve("miniupnpd.pid").toString());
            Optional<Matcher> port = p.waitForLine("HTTP listening on port (\\d+)", Duration.ofSeconds(20));
            if (port.isEmpty()) {
                p.close();
                deleteTree(dir);
                throw new AssertionError("miniupnpd did not start: " + p);
            }
            // SSDP sockets are opened right after HTTP; give the daemon a moment to enter its loop.
            sleep(500);
            return new Miniupnpd(p, dir, Integer.parseInt(port.get().group(1)));
        }

        int httpPort() {
            return httpPort;
        }

        String output() {
            return process.stdout() + process.stderr();
        }

        @Override
        public void close() {
            process.destroy(Duration.ofSeconds(5));
            deleteTree(dir);
        }

        private static void deleteTree(Path dir) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temp directory left behind is harmless
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The client as an application uses it, run in its own JVM inside the LAN namespace; prints one line per step.
     * Arguments: LAN interface, own LAN address.
     */
    static final class Probe {
        private Probe() {}

        /** Runs this probe with the daemon jar and the test classes on the class path. */
        static Processes.Result runIn(String ns, String iface, String self) {
            String testClasses;
            try {
                testClasses = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            List<String> cmd = new ArrayList<>(List.of(Processes.javaExecutable(), "-Xmx128m", "-Xshare:off",
                    "-cp", DaemonProcess.jar() + java.io.File.pathSeparator + testClasses,
                    Probe.class.getName(), iface, self));
            return Processes.runIn(ns, Duration.ofSeconds(60), cmd);
        }

        public static void main(String[] args) throws Exception {
            LanInterface lan = LanInterface.lookup(args[0]);
            Inet4Address self = (Inet4Address) InetAddress.getByName(args[1]);
            Inet4Address other = (Inet4Address) InetAddress.getByName("192.168.77.9");
            try (GatewayClient c = GatewayClient.builder().timeout(Duration.ofSeconds(5)).build()) {
                List<Gateway> gateways = GatewayClient.await(c.discover(lan, Duration.ofSeconds(3)));
                System.out.println("GATEWAYS " + gateways.size());
                if (gateways.isEmpty()) {
                    System.exit(3);
                }
                Gateway g = gateways.get(0);
                System.out.println("GATEWAY " + g.serviceType().urn() + " " + g.controlUrl() + " igd2=" + g.isIgd2()
                        + " server=" + g.server() + " name=" + g.friendlyName());
                step("EXTERNAL", c.externalAddress(g).thenApply(InetAddress::getHostAddress));
                step("ADD", c.addPortMapping(g, PortMappingRequest.of(Protocol.TCP, 18080, self, 8080, "pc-it",
                        Duration.ofHours(1))));
                Object any = null;
                if (g.isIgd2()) {
                    any = step("ADDANY", c.addAnyPortMapping(g, PortMappingRequest.of(Protocol.UDP, 18080, self,
                            8081, "pc-it-any", Duration.ofMinutes(30))));
                }
                list(c, g, "LIST");
                step("OTHERHOST", c.addPortMapping(g, PortMappingRequest.of(Protocol.TCP, 18082, other, 8082,
                        "pc-it-other", Duration.ofHours(1))));
                step("DELETE", c.deletePortMapping(g, Protocol.TCP, 18080));
                if (any instanceof Integer port) {
                    step("DELETEANY", c.deletePortMapping(g, Protocol.UDP, port));
                }
                list(c, g, "AFTER");
            }
        }

        private static void list(GatewayClient c, Gateway g, String label) throws InterruptedException {
            try {
                for (RemoteMapping m : GatewayClient.await(c.listMappings(g))) {
                    System.out.println(label + " " + m.protocol() + " " + m.externalPort() + " " + m.internalClient()
                            + " " + m.internalPort() + " " + m.description() + " " + m.lease().toSeconds());
                }
                System.out.println(label + " done");
            } catch (GatewayException e) {
                System.out.println(label + " ERROR " + e.kind() + " " + e.getMessage());
            }
        }

        private static Object step(String label, CompletableFuture<?> f) throws InterruptedException {
            try {
                Object v = GatewayClient.await(f);
                System.out.println(label + " ok" + (v == null ? "" : " " + v));
                return v;
            } catch (GatewayException e) {
                System.out.println(label + " ERROR " + e.kind() + " "
                        + (e.upnpErrorCode().isPresent() ? e.upnpErrorCode().getAsInt() + " " : "") + e.getMessage());
                return null;
            }
        }
    }
}
