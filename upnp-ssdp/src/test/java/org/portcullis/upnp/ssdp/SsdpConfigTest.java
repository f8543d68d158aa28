package org.portcullis.upnp.ssdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanBindingException;
import org.portcullis.upnp.core.net.LanInterface;

class SsdpConfigTest {
    private static LanInterface lan(String address, int prefix) throws Exception {
        return new LanInterface("br-lan", 3, List.of(new LanAddress(InetAddress.getByName(address), prefix)));
    }

    @Test
    void defaults() throws Exception {
        SsdpConfig c = SsdpConfig.builder().interfaces(List.of(lan("192.168.1.1", 24))).build();
        assertThat(c.port()).isEqualTo(1900);
        assertThat(c.multicastGroup().getHostAddress()).isEqualTo("239.255.255.250");
        assertThat(c.multicastTtl()).isEqualTo(2);
        assertThat(c.maxAgeSeconds()).isEqualTo(1800);
        assertThat(c.aliveIntervalSeconds()).isEqualTo(600);
        assertThat(c.serverHeader()).isEqualTo("Linux/5 UPnP/1.0 Portcullis/0.1");
        assertThat(c.bootId()).isBetween(1L, (long) Integer.MAX_VALUE);
        assertThat(c.eventLoopGroup()).isNull();
        assertThat(c.toBuilder().port(41900).build().port()).isEqualTo(41900);
    }

    @Test
    void refusesInconsistentValues() throws Exception {
        SsdpConfig.Builder b = SsdpConfig.builder().interfaces(List.of(lan("192.168.1.1", 24)));
        assertThatThrownBy(() -> b.maxAgeSeconds(59)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.port(0)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.multicastTtl(0)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxAgeSeconds(100).aliveIntervalSeconds(50).build())
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(b.maxAgeSeconds(100).aliveIntervalSeconds(0).build().aliveIntervalSeconds()).isEqualTo(33);
        assertThatThrownBy(() -> b.serverHeader("bad\r\nX: y").build())
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SsdpConfig.builder().build()).isExactlyInstanceOf(LanBindingException.class);
    }

    @Test
    void interfaceNeedsIpv4OrWithIpv6AUniqueLocalOrLinkLocalAddress() throws Exception {
        assertThatThrownBy(() -> SsdpConfig.builder().ipv6(false).interfaces(List.of(lan("fd00::1", 64))).build())
                .isExactlyInstanceOf(LanBindingException.class).hasMessageContaining("br-lan");
        assertThatThrownBy(() -> SsdpConfig.builder().ipv6(false).interfaces(List.of(lan("fe80::1", 64))).build())
                .isExactlyInstanceOf(LanBindingException.class).hasMessageContaining("br-lan");
        assertThat(SsdpConfig.builder().interfaces(List.of(lan("fd00::1", 64))).build().ipv6()).isTrue();
        // a home LAN without a ULA: served on FF02::C with a link-local LOCATION
        assertThat(SsdpConfig.builder().interfaces(List.of(lan("fe80::1", 64))).build().ipv6()).isTrue();
    }

    @Test
    void searchPortOutsideDynamicRangeIsRefused() throws Exception {
        SsdpConfig.Builder b = SsdpConfig.builder().interfaces(List.of(lan("192.168.1.1", 24)));
        assertThat(b.build().searchPort()).isEqualTo(1900);
        assertThat(b.searchPort(50000).build().searchPort()).isEqualTo(50000);
        assertThat(b.build().toBuilder().build().searchPort()).isEqualTo(50000);
        assertThatThrownBy(() -> b.searchPort(1901)).isExactlyInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void advertisementValidation() {
        Udn u = Udn.derived("x");
        AdvertisedDevice d = new AdvertisedDevice(u, UpnpType.device("InternetGatewayDevice", 1),
                List.of(UpnpType.service("Layer3Forwarding", 1), UpnpType.service("Layer3Forwarding", 1)));
        assertThat(d.serviceTypes()).hasSize(1);
        assertThatThrownBy(() -> new AdvertisedDevice(u, UpnpType.service("X", 1), List.of()))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Advertisement(List.of(d, d), "/d.xml", 80))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Advertisement(List.of(d), "d.xml", 80))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Advertisement(List.of(d), "/d xml", 80))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(new Advertisement(List.of(d), "/d.xml", 80).root()).isEqualTo(d);
    }
}
