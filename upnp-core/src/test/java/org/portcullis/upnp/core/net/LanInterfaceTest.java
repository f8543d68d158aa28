package org.portcullis.upnp.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The LAN-only rule per interface: tentative IPv6 addresses, global IPv6 addresses, link-local zones. */
class LanInterfaceTest {
    private static final int RLAN0 = 7;
    private static final Ipv6AddressStates ALL_USABLE = Ipv6AddressStates.parse(List.of());

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress scoped(String literal, int scopeId) {
        try {
            return Inet6Address.getByAddress(null, ip(literal).getAddress(), scopeId);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static LanAddress a(String cidr) {
        String[] p = cidr.split("/");
        return new LanAddress(ip(p[0]), Integer.parseInt(p[1]));
    }

    @Test
    void procLinesMarkTentativeAndDadFailedAddressesUnusable() {
        Ipv6AddressStates states = Ipv6AddressStates.parse(List.of(
                "fe800000000000000000000000000001 07 40 20 c0    rlan0", // tentative (0x40) + permanent
                "fd770000000000000000000000000001 07 40 00 88    rlan0", // dadfailed (0x08)
                "fe800000000000000000000000000002 07 40 20 80    rlan0", // permanent, usable
                "fe800000000000000000000000000003 08 40 20 00    other", // usable
                "garbage line",
                "fe80000000000000000000000000000z 07 40 20 40    rlan0")); // not hex: ignored
        assertThat(states.unusable((Inet6Address) ip("fe80::1"), RLAN0)).isTrue();
        assertThat(states.unusable((Inet6Address) ip("fe80::1"), 8)).as("same address, other interface").isFalse();
        assertThat(states.unusable((Inet6Address) ip("fd77::1"), RLAN0)).isTrue();
        assertThat(states.unusable((Inet6Address) ip("fe80::2"), RLAN0)).isFalse();
        assertThat(states.unusable((Inet6Address) ip("fe80::3"), 8)).isFalse();
    }

    @Test
    void tentativeAddressesAreLeftOutUntilDadCompletes() {
        List<LanAddress> os = List.of(a("192.168.77.1/24"), new LanAddress(scoped("fe80::1", RLAN0), 64));
        Ipv6AddressStates tentative = Ipv6AddressStates.parse(List.of(
                "fe800000000000000000000000000001 07 40 20 c0    rlan0"));
        LanInterface during = LanInterface.from("rlan0", RLAN0, os, tentative);
        LanInterface after = LanInterface.from("rlan0", RLAN0, os, ALL_USABLE);
        assertThat(during.addresses()).containsExactly(a("192.168.77.1/24"));
        assertThat(after.addresses()).hasSize(2);
        assertThat(during).as("the watcher sees a change when DAD completes").isNotEqualTo(after);
    }

    @Test
    void anInterfaceWithOnlyTentativeAddressesIsNotServableYet() {
        List<LanAddress> os = List.of(new LanAddress(scoped("fe80::1", RLAN0), 64));
        Ipv6AddressStates tentative = Ipv6AddressStates.parse(List.of(
                "fe800000000000000000000000000001 07 40 20 c0    rlan0"));
        assertThatThrownBy(() -> LanInterface.from("rlan0", RLAN0, os, tentative))
                .isInstanceOf(LanBindingException.class).hasMessageContaining("no usable LAN address");
        assertThat(LanInterface.from("rlan0", RLAN0, os, ALL_USABLE).addresses()).hasSize(1);
    }

    @Test
    void globalIpv6AddressIsNeverServedButItsOnLinkPrefixCountsAsLan() {
        LanInterface lan = LanInterface.from("rlan0", RLAN0, List.of(a("192.168.77.1/24"), a("2001:db8:77::1/64"),
                a("2a01:4f8:1:2::1/64"), new LanAddress(scoped("fe80::1", RLAN0), 64)), ALL_USABLE);
        assertThat(lan.addresses()).extracting(LanAddress::address)
                .containsExactly(ip("192.168.77.1"), ip("fe80::1"));
        assertThat(lan.onLinkGlobal()).containsExactly(a("2001:db8:77::1/64"), a("2a01:4f8:1:2::1/64"));
        assertThat(lan.covers(ip("2001:db8:77::2"))).as("LAN host's global address").isTrue();
        assertThat(lan.covers(ip("2a01:4f8:1:2::abcd"))).isTrue();
        assertThat(lan.covers(ip("2001:db8:78::2"))).as("another global prefix").isFalse();
        assertThat(lan.covers(ip("2a01:4f8:1:3::1"))).isFalse();
        LanPolicy policy = new LanPolicy(List.of(lan));
        assertThat(policy.permits(ip("2001:db8:77::2"))).isTrue();
        assertThat(policy.permits(ip("2001:db8:1::2"))).as("the WAN host").isFalse();
        assertThat(policy.permits(ip("203.0.113.2"))).isFalse();
    }

    @Test
    void shortGlobalPrefixesAreIgnoredEntirely() {
        LanInterface lan = LanInterface.from("rlan0", RLAN0, List.of(a("192.168.77.1/24"), a("2001:db8::1/32")),
                ALL_USABLE);
        assertThat(lan.addresses()).containsExactly(a("192.168.77.1/24"));
        assertThat(lan.onLinkGlobal()).isEmpty();
        assertThat(lan.covers(ip("2001:db8:5::1"))).isFalse();
        assertThatThrownBy(() -> new LanInterface("rlan0", RLAN0, List.of(a("192.168.77.1/24")),
                List.of(a("2001:db8::1/16")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LanInterface("rlan0", RLAN0, List.of(a("192.168.77.1/24")),
                List.of(a("fd77::1/64")))).as("a ULA is a LAN address, not an on-link global")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publicIpv4StillRefusesTheWholeInterface() {
        assertThatThrownBy(() -> LanInterface.from("rlan0", RLAN0, List.of(a("192.168.77.1/24"), a("198.18.0.1/24")),
                ALL_USABLE)).isInstanceOf(LanBindingException.class).hasMessageContaining("198.18.0.1")
                .hasMessageContaining("non-LAN");
        assertThatThrownBy(() -> LanInterface.from("rlan0", RLAN0, List.of(a("2001:db8:77::1/64")), ALL_USABLE))
                .as("a global IPv6 address alone is nothing to serve on").isInstanceOf(LanBindingException.class);
    }

    @Test
    void linkLocalSourcesAreAcceptedOnTheirOwnLinkOnly() {
        LanInterface lan = new LanInterface("rlan0", RLAN0, List.of(a("192.168.77.1/24"),
                new LanAddress(scoped("fe80::1", RLAN0), 64)));
        LanInterface other = new LanInterface("rlan1", RLAN0 + 1, List.of(a("192.168.78.1/24"),
                new LanAddress(scoped("fe80::1", RLAN0 + 1), 64)));
        assertThat(lan.covers(scoped("fe80::2", RLAN0))).isTrue();
        assertThat(lan.covers(scoped("fe80::2", RLAN0 + 1))).as("same address on another link").isFalse();
        assertThat(lan.covers(ip("fe80::2"))).as("no zone (e.g. a SOAP argument): subnet only").isTrue();
        LanPolicy policy = new LanPolicy(List.of(lan, other));
        assertThat(policy.interfaceFor(scoped("fe80::2", RLAN0 + 1))).contains(other);
        assertThat(new LanPolicy(List.of(lan)).permits(scoped("fe80::2", RLAN0 + 1))).isFalse();
    }
}
