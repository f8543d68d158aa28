package org.portcullis.upnp.igd.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.igd.Igd;
import org.portcullis.upnp.igd.IgdConfig;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.client.GatewayException.Kind;

/** The client against this repository's own IGD, in-process on loopback (no SSDP): every call end to end. */
@Timeout(60)
class GatewayClientLoopbackTest {
    private static Igd igd;
    private static GatewayClient client;
    private static Gateway gateway;
    private static Inet4Address self;

    @BeforeAll
    static void start() throws Exception {
        LanInterface lo = new LanInterface("lo", 1, List.of(new LanAddress(InetAddress.getLoopbackAddress(), 8)));
        Inet4Address external = (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
        igd = Igd.start(IgdConfig.builder()
                .lanInterface(lo)
                .ssdpEnabled(false)
                .httpPort(0)
                .externalAddress(() -> Optional.of(external))
                .build());
        client = GatewayClient.builder().timeout(Duration.ofSeconds(5)).build();
        gateway = GatewayClient.await(client.describe(igd.descriptionUrls().get(0)));
        self = (Inet4Address) InetAddress.getByName("127.0.0.1");
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (igd != null) {
            igd.close();
        }
    }

    @Test
    void describeChoosesTheWanIpConnectionService() {
        assertThat(gateway.serviceType().type()).isEqualTo("WANIPConnection");
        assertThat(gateway.controlUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(gateway.friendlyName()).isNotEmpty();
        assertThat(gateway.server()).contains("UPnP/");
    }

    @Test
    void externalAddress() throws Exception {
        assertThat(GatewayClient.await(client.externalAddress(gateway)).getHostAddress()).isEqualTo("192.0.2.1");
    }

    @Test
    void addListDeleteAndTypedConflicts() throws Exception {
        PortMappingRequest r = PortMappingRequest.of(Protocol.TCP, 28080, self, 8080, "loop", Duration.ofHours(1));
        GatewayClient.await(client.addPortMapping(gateway, r));
        assertThat(GatewayClient.await(client.listMappings(gateway)))
                .anySatisfy(m -> {
                    assertThat(m.externalPort()).isEqualTo(28080);
                    assertThat(m.internalClient()).isEqualTo("127.0.0.1");
                    assertThat(m.description()).isEqualTo("loop");
                    assertThat(m.lease()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
                });

        PortMappingRequest other = PortMappingRequest.of(Protocol.TCP, 28081, (Inet4Address) InetAddress.getByName(
                "127.0.0.2"), 8081, "other", Duration.ofHours(1));
        GatewayException e = null;
        try {
            GatewayClient.await(client.addPortMapping(gateway, other));
        } catch (GatewayException x) {
            e = x;
        }
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.FAULT);
        assertThat(e.upnpErrorCode().getAsInt()).isIn(606, 718);

        GatewayClient.await(client.deletePortMapping(gateway, Protocol.TCP, 28080));
        assertThat(GatewayClient.await(client.listMappings(gateway))).noneMatch(m -> m.externalPort() == 28080);

        GatewayException missing = null;
        try {
            GatewayClient.await(client.deletePortMapping(gateway, Protocol.TCP, 28080));
        } catch (GatewayException x) {
            missing = x;
        }
        assertThat(missing).isNotNull();
        assertThat(missing.upnpErrorCode().getAsInt()).isIn(714, 730);
    }

    @Test
    void addAnyPortMappingWhenOffered() throws Exception {
        PortMappingRequest r = PortMappingRequest.of(Protocol.UDP, 28090, self, 9090, "any", Duration.ofMinutes(10));
        if (!gateway.isIgd2()) {
            try {
                GatewayClient.await(client.addAnyPortMapping(gateway, r));
                throw new AssertionError("IGD:1 gateway accepted AddAnyPortMapping");
            } catch (GatewayException e) {
                assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
            }
            return;
        }
        int port = GatewayClient.await(client.addAnyPortMapping(gateway, r));
        assertThat(port).isBetween(1, 65535);
        GatewayClient.await(client.deletePortMapping(gateway, Protocol.UDP, port));
    }
}
