package org.portcullis.upnp.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.http.UpnpHttpServer;

/** {@link UpnpHttpServer#follow(List)} on loopback: the server moves from 127.0.0.1 to 127.0.0.2 on the same port. */
class HttpFollowsAddressTest {
    private static LanInterface lo(String address) throws Exception {
        return new LanInterface("lo", 1, List.of(new LanAddress(InetAddress.getByName(address), 8)));
    }

    private static final String SERVER = "FollowTest/1.0 UPnP/1.0 Portcullis/0";

    /**
     * Whether this test's server answers on address:port. A bare connect is not enough: once the port is released,
     * another process on a busy machine may bind the same number on the wildcard address (seen in CI runs).
     */
    private static boolean accepts(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write(("GET /nowhere HTTP/1.1\r\nHost: " + address + ":" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readNBytes(4096), StandardCharsets.US_ASCII);
            return response.startsWith("HTTP/1.1 ") && response.contains(SERVER);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void bindsNewAddressUnbindsOldKeepsPort() throws Exception {
        LanInterface first = lo("127.0.0.1");
        UpnpHttpServer server = UpnpHttpServer.builder()
                .lanPolicy(new LanPolicy(List.of(first))).serverHeader(SERVER).start();
        try {
            int port = server.port();
            assertThat(accepts("127.0.0.1", port)).isTrue();
            server.follow(List.of(lo("127.0.0.2")));
            assertThat(server.boundAddresses()).containsExactly(InetAddress.getByName("127.0.0.2"));
            assertThat(server.port()).isEqualTo(port);
            assertThat(accepts("127.0.0.2", port)).isTrue();
            assertThat(accepts("127.0.0.1", port)).isFalse();
            server.follow(List.of());
            assertThat(server.boundAddresses()).isEmpty();
            assertThat(accepts("127.0.0.2", port)).as("after unbinding all, port %d, %s", port, server.boundAddresses()).isFalse();
            server.follow(List.of(first));
            assertThat(accepts("127.0.0.1", port)).isTrue();
        } finally {
            server.close();
        }
        server.follow(List.of(lo("127.0.0.3")));
        assertThat(server.boundAddresses()).containsExactly(InetAddress.getByName("127.0.0.1"));
    }
}
