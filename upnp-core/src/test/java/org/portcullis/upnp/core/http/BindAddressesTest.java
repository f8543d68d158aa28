package org.portcullis.upnp.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;

/** Which addresses the HTTP server binds: IPv4 always; ULA and link-local (with scope) with ipv6; never a global. */
class BindAddressesTest {
    private static final int INDEX = 7;

    private static LanAddress a(String literal, int prefix) throws Exception {
        return new LanAddress(InetAddress.getByName(literal), prefix);
    }

    private static LanInterface rlan0() throws Exception {
        return new LanInterface("rlan0", INDEX, List.of(a("192.168.77.1", 24), a("fd77::1", 64), a("fe80::1", 64)),
                List.of(a("2001:db8:77::1", 64)));
    }

    @Test
    void ipv4OnlyByDefault() throws Exception {
        assertThat(UpnpHttpServer.builder().lanPolicy(new LanPolicy(List.of(rlan0()))).bindAddresses())
                .containsExactly(InetAddress.getByName("192.168.77.1"));
    }

    @Test
    void withIpv6TheUlaAndTheScopedLinkLocalButNeverTheGlobal() throws Exception {
        List<InetAddress> bound = UpnpHttpServer.builder().lanPolicy(new LanPolicy(List.of(rlan0()))).ipv6(true)
                .bindAddresses();
        assertThat(bound).containsExactly(InetAddress.getByName("192.168.77.1"), InetAddress.getByName("fd77::1"),
                InetAddress.getByName("fe80::1"));
        assertThat(((Inet6Address) bound.get(2)).getScopeId()).as("link-local bound on its interface")
                .isEqualTo(INDEX);
        assertThat(bound).doesNotContain(InetAddress.getByName("2001:db8:77::1"));
    }

    @Test
    void linkLocalWithoutAnyInterfaceIndexIsNotBound() throws Exception {
        LanInterface unknown = new LanInterface("x", 0, List.of(a("192.168.77.1", 24), a("fe80::1", 64)));
        assertThat(UpnpHttpServer.builder().lanPolicy(new LanPolicy(List.of(unknown))).ipv6(true).bindAddresses())
                .containsExactly(InetAddress.getByName("192.168.77.1"));
    }
}
