package org.portcullis.upnp.igd.internal.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portcullis.upnp.igd.internal.nat.NftablesPinholeTest.v6;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.portcullis.upnp.core.testing.NetworkNamespaces;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.igd.PinholeRule;

/**
 * The real nft (Debian 12's 1.0.6) in a throwaway namespace: the ip6 table loads, pinholes of every wildcard shape,
 * nested ones included, go in and out by element, counters are read, reconcile and close work, and thousands of
 * pinholes load in one batch. What an add costs with 1,000 and 10,000 installed is measured by the JMH
 * PinholeBackendBenchmark (upnp-igd/bench/run.sh), not here.
 */
@Tag("netns")
@Timeout(90)
class NftablesPinholeNetnsTest {
    @TempDir
    Path dir;
    String ns;
    Path nft;

    @BeforeEach
    void namespace() throws Exception {
        NetworkNamespaces.assumeAvailable();
        Prerequisites.requireExecutable("nft");
        ns = "pc" + NetworkNamespaces.uniqueSuffix() + "-nftph";
        NetworkNamespaces.ip("netns", "add", ns);
        nft = dir.resolve("nft-in-ns");
        Files.writeString(nft, "#!/bin/sh\nexec ip netns exec " + ns + " nft \"$@\"\n");
        Files.setPosixFilePermissions(nft, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void removeNamespace() {
        if (ns != null) {
            NetworkNamespaces.delete(ns);
        }
    }

    String list(String what) {
        List<String> cmd = new ArrayList<>(List.of("nft", "list"));
        cmd.addAll(List.of(what.split(" ")));
        return NetworkNamespaces.exec(ns, cmd.toArray(String[]::new)).out();
    }

    @Test
    void pinholesOfEveryShapeGoInAndOutOfTheRealTables() throws Exception {
        NftablesNatBackend b = new NftablesNatBackend("pcph", "wan0", true, true, nft.toString());
        String table = list("table ip6 pcph");
        assertThat(table).contains("iifname \"wan0\" jump wan_inbound").contains("ct state established,related accept")
                .contains("drop");
        PinholeRule anyHost = new PinholeRule(1, "", 0, v6("fd77::2"), 8080, 6);
        PinholeRule oneHost = new PinholeRule(2, "2001:db8:1:0:0:0:0:2", 0, v6("fd77::2"), 8080, 6); // inside #1
        PinholeRule hostPort = new PinholeRule(3, "2001:db8:1:0:0:0:0:2", 5555, v6("fd77::2"), 8080, 6);
        PinholeRule portOnly = new PinholeRule(4, "", 5555, v6("fd77::2"), 8080, 17);
        PinholeRule anyProto = new PinholeRule(5, "", 0, v6("fd77::3"), 9000, PinholeRule.ANY_PROTOCOL);
        for (PinholeRule r : List.of(anyHost, oneHost, hostPort, portOnly, anyProto)) {
            b.addPinhole(r);
        }
        assertThat(list("set ip6 pcph ph_any")).contains("fd77::2 . tcp . 8080 counter packets 0")
                .contains("fd77::3 . tcp . 9000").contains("fd77::3 . udp . 9000").contains("fd77::3 . udplite . 9000");
        assertThat(list("set ip6 pcph ph_host")).contains("2001:db8:1::2 . fd77::2 . tcp . 8080");
        assertThat(list("set ip6 pcph ph_host_port")).contains("2001:db8:1::2 . 5555 . fd77::2 . tcp . 8080");
        assertThat(list("set ip6 pcph ph_port")).contains("5555 . fd77::2 . udp . 8080");
        assertThat(b.pinholePackets(5)).hasValue(0);
        assertThat(b.pinholePackets(3)).hasValue(0);

        b.removePinhole(anyHost);
        assertThat(list("set ip6 pcph ph_any")).doesNotContain("fd77::2 . tcp . 8080");
        assertThat(list("set ip6 pcph ph_host")).contains("fd77::2 . tcp . 8080");

        b.reconcilePinholes(List.of(portOnly));
        assertThat(list("set ip6 pcph ph_any")).doesNotContain("fd77::3");
        assertThat(list("set ip6 pcph ph_host")).doesNotContain("fd77::2");
        assertThat(list("set ip6 pcph ph_port")).contains("5555 . fd77::2 . udp . 8080");

        b.close();
        Processes.Result gone = Processes.runIn(ns, Duration.ofSeconds(5), "nft", "list", "tables");
        assertThat(gone.out()).doesNotContain("pcph");
    }

    /** 2,000 pinholes in one batch, then one more added and removed by element (cost: PinholeBackendBenchmark). */
    @Test
    void thousandsOfPinholesAreInstalledAndChangedByElement() throws Exception {
        NftablesNatBackend b = new NftablesNatBackend("pcph", "wan0", false, true, nft.toString());
        List<PinholeRule> many = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
            many.add(new PinholeRule(i, "", 0, v6("fd77::" + Integer.toHexString(i)), 10000 + i % 1000,
                    i % 2 == 0 ? 6 : 17));
        }
        b.reconcilePinholes(many);
        assertThat(elements(list("set ip6 pcph ph_any"), "fd77::")).isEqualTo(2000);
        PinholeRule extra = new PinholeRule(4000, "2001:db8:1::1", 0, v6("fd77::2"), 443, 6);
        b.addPinhole(extra);
        assertThat(list("set ip6 pcph ph_host")).contains("2001:db8:1::1 . fd77::2 . tcp . 443");
        b.removePinhole(extra);
        assertThat(list("set ip6 pcph ph_host")).doesNotContain("2001:db8:1::1 . fd77::2");
        assertThat(elements(list("set ip6 pcph ph_any"), "fd77::")).isEqualTo(2000);
        b.close();
    }

    /** How many times {@code marker} occurs in an nft listing (one per element here). */
    private static int elements(String listing, String marker) {
        int n = 0;
        for (int i = listing.indexOf(marker); i >= 0; i = listing.indexOf(marker, i + 1)) {
            n++;
        }
        return n;
    }
}
