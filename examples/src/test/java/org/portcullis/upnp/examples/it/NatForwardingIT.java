package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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
 * The daemon with {@code --nat nftables} and a state directory in the router namespace, driven by {@code upnpc} on
 * the LAN host: a TCP server on the LAN host becomes reachable from the WAN host through the router's WAN address
 * when mapped, unreachable when deleted or when its 5 s lease ends, and is reachable again after {@code kill -9} of
 * the daemon and a restart, with less lease left. A clean stop removes the nftables table.
 */
@Tag("netns")
@Tag("peer")
@Timeout(110)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatForwardingIT {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);
    private static final int SERVER_PORT = 8080;
    private static ThreeHostTopology net;
    private static Processes.Background server;
    private static Processes.Background daemon;
    private static Path stateDir;
    private static URI description;

    @BeforeAll
    static void start() throws Exception {
        ThreeHostTopology.assumeAvailable();
        Prerequisites.requireExecutable("upnpc");
        Prerequisites.requireExecutable("nft");
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        stateDir = Files.createTempDirectory("portcullis-nat-it");
        server = LanTcpServer.start(net.lanNamespace(), SERVER_PORT, Duration.ofSeconds(100));
        startDaemon();
    }

    private static void startDaemon() {
        daemon = DaemonProcess.startIn(net.routerNamespace(), "--lan", net.routerLanInterface(), "--wan",
                net.routerWanInterface(), "--http-port", "0", "--nat", "nftables", "--state-dir",
                stateDir.toString());
        description = DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            DaemonProcess.stopAndRemove(daemon, net, server);
        } finally {
            LanTcpServer.deleteTree(stateDir);
        }
    }

    private static Processes.Result upnpc(String... args) {
        List<String> cmd = new ArrayList<>(List.of("upnpc", "-u", description.toString()));
        cmd.addAll(List.of(args));
        return Processes.runIn(net.lanNamespace(), PEER_TIMEOUT, cmd);
    }

    /** What the WAN host reads from the router's WAN address and this port (HELLO-FROM-LAN when forwarded). */
    private static String fromWan(int port) {
        return LanTcpServer.connect(net.wanNamespace(), net.routerWanAddress(), port);
    }

    private static String nftTable() {
        return Processes.runIn(net.routerNamespace(), Processes.SHORT, "nft", "list", "table", "ip", "portcullis")
                .output();
    }

    @Test
    @Order(1)
    void tableHasTheWanSideDropsAndNothingIsForwardedYet() {
        assertThat(nftTable()).contains("iifname \"rwan0\" udp dport 1900 drop")
                .contains("iifname \"rwan0\" tcp dport " + description.getPort() + " drop");
        assertThat(fromWan(18080)).startsWith("NOCONNECT");
    }

    @Test
    @Order(2)
    void upnpcMappingMakesTheLanServerReachableAndDeletingItMakesItUnreachable() {
        Processes.Result add = upnpc("-a", net.lanHostAddress(), Integer.toString(SERVER_PORT), "18080", "TCP",
                "3600");
        assertThat(add.out()).as(add.toString()).contains("is redirected to internal").doesNotContain("failed");
        assertThat(fromWan(18080)).isEqualTo(LanTcpServer.GREETING);
        assertThat(nftTable()).contains("18080 : 192.168.77.2 . 8080");

        Processes.Result del = upnpc("-d", "18080", "TCP");
        assertThat(del.out()).as(del.toString()).containsPattern("UPNP_DeletePortMapping\\(\\) returned\\s*:\\s*0");
        assertThat(fromWan(18080)).startsWith("NOCONNECT");
    }

    @Test
    @Order(3)
    void aFiveSecondLeaseEndsAndTheServerBecomesUnreachable() throws Exception {
        Processes.Result add = upnpc("-a", net.lanHostAddress(), Integer.toString(SERVER_PORT), "18081", "TCP", "5");
        assertThat(add.out()).as(add.toString()).contains("is redirected to internal");
        assertThat(fromWan(18081)).isEqualTo(LanTcpServer.GREETING);
        long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            seen = fromWan(18081);
            if (seen.startsWith("NOCONNECT")) {
                break;
            }
        }
        assertThat(seen).as("after the 5 s lease").startsWith("NOCONNECT");
        assertThat(nftTable()).doesNotContain("18081 :");
    }

    @Test
    @Order(4)
    void killMinus9AndRestartBringTheMappingBackWithLessLease() throws Exception {
        Processes.Result add = upnpc("-a", net.lanHostAddress(), Integer.toString(SERVER_PORT), "18082", "TCP",
                "600");
        assertThat(add.out()).as(add.toString()).contains("is redirected to internal");
        daemon.kill();
        assertThat(daemon.isAlive()).isFalse();
        Processes.runIn(net.routerNamespace(), Processes.SHORT, "nft", "delete", "table", "ip", "portcullis");
        assertThat(fromWan(18082)).as("nothing forwards while the daemon is down and its table is gone")
                .startsWith("NOCONNECT");
        Thread.sleep(2000);
        startDaemon();
        assertThat(fromWan(18082)).isEqualTo(LanTcpServer.GREETING);
        Processes.Result list = upnpc("-l");
        Matcher m = Pattern.compile("18082->192\\.168\\.77\\.2:8080\\s+'[^']*'\\s+'[^']*'\\s+(\\d+)")
                .matcher(list.out());
        assertThat(m.find()).as(list.toString()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isBetween(1L, 598L);
    }

    @Test
    @Order(5)
    void aCleanStopRemovesTheTable() {
        assertThat(DaemonProcess.stop(daemon)).isZero();
        assertThat(Processes.runIn(net.routerNamespace(), Processes.SHORT, "nft", "list", "tables").output())
                .doesNotContain("portcullis");
        assertThat(fromWan(18082)).startsWith("NOCONNECT");
    }
}
