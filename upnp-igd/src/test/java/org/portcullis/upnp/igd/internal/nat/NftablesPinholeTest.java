package org.portcullis.upnp.igd.internal.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portcullis.upnp.igd.PinholeRule;
import org.portcullis.upnp.igd.spi.NatBackendException;

/**
 * The nft text the backend generates for pinholes and the IPv6 inbound policy, checked against a fake {@code nft}
 * that records each batch (and answers {@code get element} with a counter). The real nft runs in
 * {@link NftablesPinholeNetnsTest}.
 */
class NftablesPinholeTest {
    @TempDir
    Path dir;
    Path log;
    Path fakeNft;

    static Inet6Address v6(String s) throws IOException {
        return (Inet6Address) InetAddress.getByName(s);
    }

    @BeforeEach
    void fakeNft() throws IOException {
        log = dir.resolve("batches");
        fakeNft = dir.resolve("nft");
        // Records stdin; answers a get with a counter of 5 packets per element; fails when the batch says "FAIL".
        Files.writeString(fakeNft, "#!/bin/sh\nin=$(cat)\nprintf '%s\\n---\\n' \"$in\" >> '" + log + "'\n"
                + "case \"$in\" in *FAIL*) echo refused >&2; exit 1;; esac\n"
                + "case \"$in\" in get*) echo 'elements = { x counter packets 5 bytes 300 }';; esac\n");
        Files.setPosixFilePermissions(fakeNft, PosixFilePermissions.fromString("rwx------"));
    }

    List<String> batches() throws IOException {
        return List.of(Files.readString(log).split("\n---\n"));
    }

    NftablesNatBackend backend(boolean ipv6Firewall) throws NatBackendException {
        return new NftablesNatBackend("pctest", "wan0", true, ipv6Firewall, fakeNft.toString());
    }

    @Test
    void theIpv6TableOwnsTheWanInboundPolicy() throws Exception {
        backend(true);
        String def = batches().get(0);
        assertThat(def).contains("table ip pctest {").contains("table ip6 pctest\ndelete table ip6 pctest\n")
                .contains("set ph_host_port { type ipv6_addr . inet_service . ipv6_addr . inet_proto . inet_service;"
                        + " counter; }")
                .contains("set ph_any { type ipv6_addr . inet_proto . inet_service; counter; }")
                .contains("type filter hook forward priority filter; policy accept;\n"
                        + "    iifname \"wan0\" jump wan_inbound\n");
        String chain = def.substring(def.indexOf("chain wan_inbound"));
        assertThat(chain).containsSubsequence(
                "ip6 saddr . th sport . ip6 daddr . meta l4proto . th dport @ph_host_port accept",
                "ip6 saddr . ip6 daddr . meta l4proto . th dport @ph_host accept",
                "th sport . ip6 daddr . meta l4proto . th dport @ph_port accept",
                "ip6 daddr . meta l4proto . th dport @ph_any accept",
                "ct state established,related accept",
                "icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem, "
                        + "echo-request, echo-reply } accept",
                "drop\n  }");
    }

    @Test
    void withoutTheIpv6PolicyNoIpv6TableAndNoPinholes() throws Exception {
        NftablesNatBackend b = backend(false);
        assertThat(batches().get(0)).doesNotContain("ip6");
        assertThatThrownBy(() -> b.addPinhole(new PinholeRule(1, "", 0, v6("fd77::2"), 8080, 6)))
                .isInstanceOf(NatBackendException.class).hasMessageContaining("IPv6 inbound policy");
        assertThat(b.pinholePackets(1)).isEmpty();
        assertThat(b.outboundPinholeTimeout(6)).isEmpty();
        b.close();
        assertThat(batches().get(batches().size() - 1)).isEqualTo("delete table ip pctest");
    }

    @Test
    void eachWildcardShapeGoesToItsOwnSetAndTheProtocolWildcardToThreeElements() throws Exception {
        NftablesNatBackend b = backend(true);
        b.addPinhole(new PinholeRule(1, "2001:db8:0:0:0:0:0:7", 443, v6("fd77::2"), 8080, 6));
        b.addPinhole(new PinholeRule(2, "2001:db8:0:0:0:0:0:7", 0, v6("fd77::2"), 8080, 6));
        b.addPinhole(new PinholeRule(3, "", 443, v6("fd77::2"), 8080, 17));
        b.addPinhole(new PinholeRule(4, "", 0, v6("fd77::2"), 8080, 136));
        b.addPinhole(new PinholeRule(5, "", 0, v6("fd77::3"), 9000, PinholeRule.ANY_PROTOCOL));
        List<String> x = batches();
        String c = "fd77:0:0:0:0:0:0:2";
        assertThat(x.subList(1, 6)).containsExactly(
                "add element ip6 pctest ph_host_port { 2001:db8:0:0:0:0:0:7 . 443 . " + c + " . 6 . 8080 }",
                "add element ip6 pctest ph_host { 2001:db8:0:0:0:0:0:7 . " + c + " . 6 . 8080 }",
                "add element ip6 pctest ph_port { 443 . " + c + " . 17 . 8080 }",
                "add element ip6 pctest ph_any { " + c + " . 136 . 8080 }",
                "add element ip6 pctest ph_any { fd77:0:0:0:0:0:0:3 . 6 . 9000 }\n"
                        + "add element ip6 pctest ph_any { fd77:0:0:0:0:0:0:3 . 17 . 9000 }\n"
                        + "add element ip6 pctest ph_any { fd77:0:0:0:0:0:0:3 . 136 . 9000 }");
        assertThat(b.pinholePackets(5)).as("the sum over the wildcard's three elements").hasValue(15);
        assertThat(b.pinholePackets(1)).hasValue(5);
        assertThat(b.pinholePackets(99)).isEmpty();
        assertThat(batches().get(batches().size() - 1))
                .isEqualTo("get element ip6 pctest ph_host_port { 2001:db8:0:0:0:0:0:7 . 443 . " + c + " . 6 . 8080 }");
        b.removePinhole(new PinholeRule(2, "", 0, v6("fd77::2"), 1, 6)); // by id: the installed rule's element
        assertThat(batches().get(batches().size() - 1))
                .isEqualTo("delete element ip6 pctest ph_host { 2001:db8:0:0:0:0:0:7 . " + c + " . 6 . 8080 }");
        int n = batches().size();
        b.removePinhole(new PinholeRule(2, "", 0, v6("fd77::2"), 1, 6));
        assertThat(batches()).as("removing what is not installed runs nothing").hasSize(n);
        assertThat(b.installedPinholes()).extracting(PinholeRule::id).containsExactly(1, 3, 4, 5);
    }

    @Test
    void aFailedBatchLeavesTheInstalledStateAsItWas() throws Exception {
        NftablesNatBackend b = backend(true);
        PinholeRule one = new PinholeRule(1, "", 0, v6("fd77::2"), 8080, 6);
        b.addPinhole(one);
        Files.writeString(fakeNft, Files.readString(fakeNft).replace("*FAIL*", "*"));
        assertThatThrownBy(() -> b.addPinhole(new PinholeRule(2, "", 0, v6("fd77::2"), 8081, 6)))
                .isInstanceOf(NatBackendException.class).hasMessageContaining("refused");
        assertThatThrownBy(() -> b.removePinhole(one)).isInstanceOf(NatBackendException.class);
        assertThat(b.installedPinholes()).containsExactly(one);
    }

    @Test
    void aPinholeWithTheSameElementAsAnotherIsRefusedBeforeNftRuns() throws Exception {
        NftablesNatBackend b = backend(true);
        b.addPinhole(new PinholeRule(1, "", 0, v6("fd77::2"), 8080, 6));
        int n = batches().size();
        assertThatThrownBy(() -> b.addPinhole(new PinholeRule(2, "", 0, v6("fd77::2"), 8080,
                PinholeRule.ANY_PROTOCOL))).isInstanceOf(NatBackendException.class).hasMessageContaining("overlaps");
        assertThat(batches()).hasSize(n);
    }

    @Test
    void reconcileFlushesAndReaddsInOneBatchAndCloseDeletesBothTables() throws Exception {
        NftablesNatBackend b = backend(true);
        b.addPinhole(new PinholeRule(9, "", 0, v6("fd77::9"), 9999, 6));
        b.reconcilePinholes(List.of(new PinholeRule(1, "", 0, v6("fd77::2"), 8080, 6),
                new PinholeRule(2, "", 0, v6("fd77::2"), 8081, 17)));
        assertThat(batches().get(batches().size() - 1)).isEqualTo("flush set ip6 pctest ph_host_port\n"
                + "flush set ip6 pctest ph_host\nflush set ip6 pctest ph_port\nflush set ip6 pctest ph_any\n"
                + "add element ip6 pctest ph_any { fd77:0:0:0:0:0:0:2 . 6 . 8080 }\n"
                + "add element ip6 pctest ph_any { fd77:0:0:0:0:0:0:2 . 17 . 8081 }");
        assertThat(b.installedPinholes()).extracting(PinholeRule::id).containsExactly(1, 2);
        b.close();
        assertThat(batches().get(batches().size() - 1)).isEqualTo("delete table ip pctest\ndelete table ip6 pctest");
    }
}
