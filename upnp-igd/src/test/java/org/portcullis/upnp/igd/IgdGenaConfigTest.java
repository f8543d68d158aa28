package org.portcullis.upnp.igd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.gena.GenaConfig;

/** The eventing limits and policy given in {@link IgdConfig} reach the IGD's event publishers. */
class IgdGenaConfigTest {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

    @Test
    void subscriptionCapFromTheConfigIsApplied() throws Exception {
        LanInterface lo = new LanInterface("lo", 1, List.of(new LanAddress(InetAddress.getLoopbackAddress(), 8)));
        Inet4Address external = (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
        try (ServerSocket callback = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
                Igd igd = Igd.start(IgdConfig.builder()
                        .lanInterface(lo)
                        .ssdpEnabled(false)
                        .externalAddress(() -> Optional.of(external))
                        .genaConfig(GenaConfig.defaults().toBuilder().maxSubscriptionsPerSource(1).build())
                        .build())) {
            URI events = URI.create("http://127.0.0.1:" + igd.httpPort() + "/evt/IPConn");
            String url = "<http://127.0.0.1:" + callback.getLocalPort() + "/evt>";
            assertThat(subscribe(events, url)).isEqualTo(200);
            // The default allows several subscriptions per source; this configuration allows one.
            assertThat(subscribe(events, url)).isEqualTo(500);
        }
    }

    private static int subscribe(URI events, String callback) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(events)
                .method("SUBSCRIBE", HttpRequest.BodyPublishers.noBody())
                .header("CALLBACK", callback).header("NT", "upnp:event")
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
