package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * WANIPv6FirewallControl:1 pinholes on the packet path: the daemon with {@code --nat nftables} and a state directory
 * in the router namespace, routed IPv6 on all three hosts (LAN fd77::/64, WAN 2001:db8:1::/64, forwarding on, no
 * firewall of the router's own), a TCP server on the LAN host, and the real client {@code upnpc -6 -m lan0} on it.
 * Before the daemon runs the WAN host reaches the server (the router forwards everything); with the daemon's IPv6
 * inbound policy it does not, until {@code -A} opens a pinhole; then {@code -K} counts its packets and {@code -C}
 * says it works; {@code -D} closes it; a 5 s lease ends it; after {@code kill -9} of the daemon, with its pinhole
 * elements gone from the kernel, a restart brings the journaled pinhole back, reachable. The LAN also carries the
 * global prefix 2001:db8:77::/64 (router ::1, LAN host ::2, routed from the WAN host): {@code upnpc -6 -A} for the LAN
 * host's global address, sent from its ULA (LOCATION is on fd77::1), is accepted in secure mode because the router's
 * neighbour cache maps both addresses to the LAN host's MAC (the router has no entry for the global address before,
 * so the daemon solicits it); the WAN host reaches the server on the global address only while that pinhole exists. A
 * clean stop removes both tables.
 */
@Tag("netns")
@Tag("peer")
@Timeout(115)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PinholeForwardingIT {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(20);
    private static final int SERVER_PORT = 8080;
    private static ThreeHostTopology net;
    private static Processes.Background server;
    private static Processes.Background daemon;
    private static Path stateDir;
    private static String openBeforeDaemon;

    @BeforeAll
    static void start() throws Exception {
        ThreeHostTopology.assumeAvailable();
        Prerequisites.requireExecutable("upnpc");
        Prerequisites.requireExecutable("nft");
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        Ipv6Lan.addRoutedIpv6(net);
        Ipv6Lan.addLanGlobal(net);
        stateDir = Files.createTempDirectory("portcullis-pinhole-it");
        server = LanTcpServer.start(net.lanNamespace(), SERVER_PORT, Duration.ofSeconds(110));
        openBeforeDaemon = fromWan();
        startDaemon();
    }

    private static void startDaemon() {
        daemon = DaemonProcess.startIn(net.routerNamespace(), "--lan", net.routerLanInterface(), "--wan",
                net.routerWanInterface(), "--http-port", "0", "--nat", "nftables", "--state-dir",
                stateDir.toString());
        DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
            DaemonProcess.stopAndRemove(daemon, net);
        } finally {
            LanTcpServer.deleteTree(stateDir);
        }
    }

    private static Processes.Result upnpc(String... args) {
        List<String> cmd = new ArrayList<>(List.of("upnpc", "-6", "-m", net.lanHostInterface(), "-i"));
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.runIn(net.lanNamespace(), PEER_TIMEOUT, cmd);
        System.out.println(String.join(" ", cmd) + "\n" + r);
        return r;
    }

    /** What the WAN host reads from [fd77::2]:8080 (the greeting when the router lets it through). */
    private static String fromWan() {
        return fromWan(Ipv6Lan.LAN_ULA);
    }

    private static String fromWan(String lanAddress) {
        return LanTcpServer.connect(net.wanNamespace(), lanAddress, SERVER_PORT);
    }

    private static String addPinhole(String lease) {
        return addPinhole(Ipv6Lan.LAN_ULA, lease);
    }

    private static String addPinhole(String client, String lease) {
        Processes.Result add = upnpc("-A", Ipv6Lan.WAN_HOST, "0", client, Integer.toString(SERVER_PORT), "TCP",
                lease);
        Matcher m = Pattern.compile("Pinhole ID = (\\d+)").matcher(add.out());
        assertThat(m.find()).as(add.toString()).isTrue();
        return m.group(1);
    }

    private static String nft(String... what) {
        List<String> cmd = new ArrayList<>(List.of("nft", "list"));
        cmd.addAll(List.of(what));
        return Processes.runIn(net.routerNamespace(), Processes.SHORT, cmd).output();
    }

    @Test
    @Order(1)
    void theDaemonsInboundPolicyClosesWhatTheRouterLeftOpen() {
        assertThat(openBeforeDaemon).as("the router itself filters nothing").isEqualTo(LanTcpServer.GREETING);
        assertThat(nft("table", "ip6", "portcullis")).contains("iifname \"rwan0\" jump wan_inbound");
        assertThat(fromWan()).startsWith("NOCONNECT");
    }

    @Test
    @Order(2)
    void aPinholeOpensCountsWorksAndDeletingItCloses() {
        String id = addPinhole("3600");
        assertThat(fromWan()).isEqualTo(LanTcpServer.GREETING);
        assertThat(nft("set", "ip6", "portcullis", "ph_host")).contains("2001:db8:1::2 . fd77::2 . tcp . 8080");

        Processes.Result packets = upnpc("-K", id);
        Matcher m = Pattern.compile("PinholePackets = (\\d+)").matcher(packets.out());
        assertThat(m.find()).as(packets.toString()).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("SYN, ACKs and FIN of the connection").isGreaterThan(0);
        Processes.Result check = upnpc("-C", id);
        assertThat(check.out()).as(check.toString()).doesNotContain("709").contains("IsWorking = Yes");

        Processes.Result delete = upnpc("-D", id);
        assertThat(delete.out()).as(delete.toString()).contains("UPNP_DeletePinhole() returned : 0");
        assertThat(fromWan()).startsWith("NOCONNECT");
        assertThat(nft("set", "ip6", "portcullis", "ph_host")).doesNotContain("fd77::2");
    }

    @Test
    @Order(3)
    void aFiveSecondLeaseEndsAndTheServerBecomesUnreachable() throws Exception {
        addPinhole("5");
        assertThat(fromWan()).isEqualTo(LanTcpServer.GREETING);
        long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            seen = fromWan();
            if (seen.startsWith("NOCONNECT")) {
                break;
            }
        }
        assertThat(seen).as("after the 5 s lease").startsWith("NOCONNECT");
    }

    @Test
    @Order(4)
    void killMinus9AndRestartBringTheJournaledPinholeBack() throws Exception {
        String id = addPinhole("600");
        assertThat(fromWan()).isEqualTo(LanTcpServer.GREETING);
        daemon.kill();
        assertThat(daemon.isAlive()).isFalse();
        // As after a reboot the kernel has lost the pinhole; the inbound policy stays so that nothing is open.
        Processes.runIn(net.routerNamespace(), Processes.SHORT, "nft", "flush", "set", "ip6", "portcullis",
                "ph_host").requireOk();
        assertThat(fromWan()).as("the pinhole is gone while the daemon is down").startsWith("NOCONNECT");
        startDaemon();
        assertThat(daemon.toString()).contains("restored 1 pinholes");
        assertThat(fromWan()).isEqualTo(LanTcpServer.GREETING);
        Processes.Result packets = upnpc("-K", id);
        assertThat(packets.out()).as("the restored pinhole keeps its UniqueID").doesNotContain("704")
                .containsPattern("PinholePackets = [1-9]");
    }

    @Test
    @Order(5)
    void upnpcOpensAPinholeToTheLanHostsGlobalAddressFromItsUla() {
        assertThat(fromWan(Ipv6Lan.LAN_GLOBAL)).as("closed before the pinhole").startsWith("NOCONNECT");
        assertThat(Processes.runIn(net.routerNamespace(), Processes.SHORT, "ip", "-6", "neigh", "show",
                Ipv6Lan.LAN_GLOBAL, "dev", net.routerLanInterface()).out().trim())
                .as("the router has no neighbour entry for the global address yet: the daemon must solicit it")
                .isEmpty();
        String id = addPinhole(Ipv6Lan.LAN_GLOBAL, "3600");
        assertThat(daemon.toString()).as("decided through the neighbour cache")
                .containsPattern("2001:db8:77:0:0:0:0:2 and fd77:0:0:0:0:0:0:2 have the same link-layer address");
        assertThat(nft("set", "ip6", "portcullis", "ph_host"))
                .contains("2001:db8:1::2 . 2001:db8:77::2 . tcp . 8080");
        assertThat(fromWan(Ipv6Lan.LAN_GLOBAL)).isEqualTo(LanTcpServer.GREETING);
        Processes.Result delete = upnpc("-D", id);
        assertThat(delete.out()).as(delete.toString()).contains("UPNP_DeletePinhole() returned : 0");
        assertThat(fromWan(Ipv6Lan.LAN_GLOBAL)).as("closed again").startsWith("NOCONNECT");
    }

    @Test
    @Order(6)
    void aCleanStopRemovesBothTables() {
        assertThat(DaemonProcess.stop(daemon)).isZero();
        assertThat(Processes.runIn(net.routerNamespace(), Processes.SHORT, "nft", "list", "tables").output())
                .doesNotContain("portcullis");
    }
}
