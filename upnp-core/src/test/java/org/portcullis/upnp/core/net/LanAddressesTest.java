package org.portcullis.upnp.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LanAddressesTest {
    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, LOOPBACK",
        "::1, LOOPBACK",
        "10.1.2.3, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.255, PRIVATE",
        "172.32.0.1, PUBLIC",
        "172.15.0.1, PUBLIC",
        "192.168.77.1, PRIVATE",
        "192.169.0.1, PUBLIC",
        "169.254.1.1, LINK_LOCAL",
        "fe80::1, LINK_LOCAL",
        "fd00::1, PRIVATE",
        "fc00::1, PRIVATE",
        "100.64.0.1, SHARED_CGNAT",
        "100.127.255.255, SHARED_CGNAT",
        "100.128.0.1, PUBLIC",
        "192.0.2.1, DOCUMENTATION",
        "198.51.100.7, DOCUMENTATION",
        "203.0.113.1, DOCUMENTATION",
        "2001:db8::1, DOCUMENTATION",
        "0.0.0.0, UNSPECIFIED",
        "::, UNSPECIFIED",
        "239.255.255.250, MULTICAST",
        "255.255.255.255, MULTICAST",
        "ff02::c, MULTICAST",
        "1.1.1.1, PUBLIC",
        "2606:4700::1, PUBLIC",
        "::ffff:192.168.1.1, PRIVATE",
        "::ffff:1.1.1.1, PUBLIC",
    })
    void classifies(String address, AddressScope expected) throws Exception {
        assertThat(LanAddresses.classify(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @Test
    void subnetMembership() throws Exception {
        InetAddress net = InetAddress.getByName("192.168.77.1");
        assertThat(LanAddresses.inSubnet(InetAddress.getByName("192.168.77.200"), net, 24)).isTrue();
        assertThat(LanAddresses.inSubnet(InetAddress.getByName("192.168.78.2"), net, 24)).isFalse();
        assertThat(LanAddresses.inSubnet(InetAddress.getByName("192.168.77.3"), net, 31)).isFalse();
        assertThat(LanAddresses.inSubnet(InetAddress.getByName("192.168.77.0"), net, 31)).isTrue();
        assertThat(LanAddresses.inSubnet(InetAddress.getByName("fd00::1"), net, 0)).isFalse();
    }

    @Test
    void policyPermitsOnlyServedLanSubnets() throws Exception {
        LanInterface lan = new LanInterface("veth0", 3,
                List.of(new LanAddress(InetAddress.getByName("192.168.77.1"), 24)));
        LanPolicy policy = new LanPolicy(List.of(lan));
        assertThat(policy.permits(InetAddress.getByName("192.168.77.2"))).isTrue();
        assertThat(policy.permits(InetAddress.getByName("192.168.78.2"))).isFalse();
        assertThat(policy.permits(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThat(policy.permits(InetAddress.getByName("203.0.113.2"))).isFalse();
    }

    @Test
    void policyNeverPermitsPublicSourcesEvenInsideAWideSubnet() throws Exception {
        // A /0 LAN prefix would "cover" everything; the scope check still refuses public sources.
        LanInterface lan = new LanInterface("odd", 3,
                List.of(new LanAddress(InetAddress.getByName("10.0.0.1"), 0)));
        LanPolicy policy = new LanPolicy(List.of(lan));
        assertThat(policy.permits(InetAddress.getByName("1.2.3.4"))).isFalse();
        assertThat(policy.permits(InetAddress.getByName("10.9.9.9"))).isTrue();
    }

    @Test
    void interfaceWithPublicAddressIsRefusedByName() throws Exception {
        assertThatThrownBy(() -> new LanInterface("wan0", 2,
                        List.of(new LanAddress(InetAddress.getByName("198.51.100.1"), 24))))
                .isExactlyInstanceOf(LanBindingException.class)
                .hasMessageContaining("wan0")
                .hasMessageContaining("198.51.100.1");
        assertThatThrownBy(() -> new LanInterface("any", 2,
                        List.of(new LanAddress(InetAddress.getByName("0.0.0.0"), 0))))
                .isExactlyInstanceOf(LanBindingException.class);
        assertThatThrownBy(() -> LanInterface.lookup("no-such-if0"))
                .isExactlyInstanceOf(LanBindingException.class)
                .hasMessageContaining("no-such-if0");
        assertThatThrownBy(() -> new LanPolicy(List.of())).isExactlyInstanceOf(LanBindingException.class);
    }
}
