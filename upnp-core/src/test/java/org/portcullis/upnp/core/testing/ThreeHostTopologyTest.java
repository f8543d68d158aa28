package org.portcullis.upnp.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Self-test of the namespace fixtures: reachability as on a real home network, and no leftovers. */
@Tag("netns")
@Timeout(120)
class ThreeHostTopologyTest {

    @BeforeAll
    static void prerequisites() {
        ThreeHostTopology.assumeAvailable();
        Prerequisites.requireExecutable("ping");
        Prerequisites.requireExecutable("/usr/bin/python3");
    }

    private static Processes.Result ping(String ns, String target) {
        return Processes.runIn(ns, Duration.ofSeconds(10), "ping", "-n", "-c", "1", "-W", "2", target);
    }

    @Test
    void routesLikeAHomeNetworkAndLeavesNothingBehind() {
        ThreeHostTopology t = ThreeHostTopology.create();
        List<String> names = t.namespaces();
        try {
            assertThat(names).allMatch(NetworkNamespaces::exists);
            assertThat(names).allMatch(n -> n.matches("pc[0-9a-f]{8}-(lan|rtr|wan)"));

            assertThat(ping(t.lanNamespace(), t.routerLanAddress()).ok()).as("LAN host -> router").isTrue();
            assertThat(ping(t.wanNamespace(), t.routerWanAddress()).ok()).as("WAN host -> router").isTrue();
            // Through the router without NAT: the WAN host has no route back to the private LAN.
            assertThat(ping(t.wanNamespace(), t.lanHostAddress()).ok()).as("WAN host -> LAN host").isFalse();
            assertThat(ping(t.lanNamespace(), t.wanHostAddress()).ok()).as("LAN host -> WAN host").isFalse();

            Processes.Result fwd = NetworkNamespaces.exec(t.routerNamespace(), "sysctl", "-n", "net.ipv4.ip_forward");
            assertThat(fwd.out().strip()).isEqualTo("1");
            Processes.Result routes = NetworkNamespaces.exec(t.lanNamespace(), "ip", "route", "show");
            assertThat(routes.out()).contains("239.0.0.0/8 dev lan0").contains("default via 192.168.77.1");

            // A process left running inside is killed by close().
            Processes.Background sleeper = Processes.startIn(t.routerNamespace(), "sleep", "300");
            assertThat(sleeper.isAlive()).isTrue();
            t.close();
            assertThat(sleeper.waitFor(Duration.ofSeconds(10))).as("process in namespace killed").isTrue();
            t.close(); // idempotent
            assertThat(t.isClosed()).isTrue();
        } finally {
            t.close();
        }
        assertThat(names).noneMatch(NetworkNamespaces::exists);
    }

    @Test
    void multicastSearchReachesAListenerOnTheLanOnly() {
        try (ThreeHostTopology t = ThreeHostTopology.create();
                Processes.Background lan = SsdpProbe.listen(t.lanNamespace(), t.lanHostAddress(), Duration.ofSeconds(8));
                Processes.Background wan = SsdpProbe.listen(t.wanNamespace(), t.wanHostAddress(), Duration.ofSeconds(8))) {
            SsdpProbe.search(t.routerNamespace(), t.routerLanInterface(), SsdpProbe.GROUP, SsdpProbe.PORT,
                    "ssdp:all", Duration.ofMillis(500));
            assertThat(lan.waitForLine("^M-SEARCH \\* HTTP/1.1$", Duration.ofSeconds(5))).as(lan.toString()).isPresent();
            assertThat(lan.waitFor(Duration.ofSeconds(15))).isTrue();
            assertThat(SsdpProbe.parse(lan.stdout())).hasSize(1).first()
                    .satisfies(d -> assertThat(d.from()).startsWith(t.routerLanAddress() + ":"))
                    .satisfies(d -> assertThat(d.header("st")).hasValue("ssdp:all"));
            assertThat(wan.waitFor(Duration.ofSeconds(15))).isTrue();
            assertThat(SsdpProbe.parse(wan.stdout())).as("nothing crosses the router").isEmpty();
        }
    }

    @Test
    void isolatedHostHasOnlyLoopbackAndAnExtraVeth() {
        String ns;
        try (IsolatedHost h = IsolatedHost.create("lo")) {
            ns = h.namespace();
            assertThat(ping(ns, "127.0.0.1").ok()).isTrue();
            h.addVethPair("pub0", "pub1", "100.64.0.1/24");
            Processes.Result addr = NetworkNamespaces.exec(ns, "ip", "-4", "-o", "addr", "show");
            assertThat(addr.out()).contains("lo").contains("pub0").contains("100.64.0.1/24");
        }
        assertThat(NetworkNamespaces.exists(ns)).isFalse();
    }

    @Test
    void processTimeoutKillsTheTree() {
        long start = System.nanoTime();
        // A unique duration marks the children: GNU sleep takes fractions.
        String sleep = "sleep 30." + Long.parseLong(NetworkNamespaces.uniqueSuffix(), 16);
        Processes.Result r = Processes.run(Duration.ofMillis(500), "sh", "-c",
                sleep + " & " + sleep + "; echo never");
        assertThat(r.timedOut()).isTrue();
        assertThat(r.out()).doesNotContain("never");
        Processes.Result left = Processes.run(Processes.SHORT, "pgrep", "-f", sleep);
        assertThat(left.out()).as("processes left: " + left).isBlank();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
