package org.portcullis.upnp.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.http.UpnpHttpServer;

/** {@link UpnpHttpServer#follow(List)} on loopback: the server moves from 127.0.0.1 to 127.0.0.2 on the same port. */
class HttpFollowsAddressTest {
    private static LanInterface lo(String address) throws Exception {
        return new LanInterface("lo", 1, List.of(new LanAddress(InetAddress.getByName(address), 8)));
    }

    private static boolean accepts(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void bindsNewAddressUnbindsOldKeepsPort() throws Exception {
        LanInterface first = lo("127.0.0.1");
        UpnpHttpServer server = UpnpHttpServer.builder().lanPolicy(new LanPolicy(List.of(first))).start();
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
