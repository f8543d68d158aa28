package org.portcullis.upnp.core.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;

/** The LAN HTTP server on loopback: routing, limits with the right status, keep-alive and pipelining. */
class UpnpHttpServerTest {
    private UpnpHttpServer server;

    @BeforeEach
    void start() throws Exception {
        LanInterface lo = new LanInterface("lo", 1, List.of(new LanAddress(InetAddress.getLoopbackAddress(), 8)));
        server = UpnpHttpServer.builder()
                .lanPolicy(new LanPolicy(List.of(lo)))
                .port(0)
                .serverHeader("Test/1.0 UPnP/1.0 Portcullis/0")
                .limits(HttpLimits.builder()
                        .maxBodyBytes(1024)
                        .readTimeout(Duration.ofSeconds(2))
                        .maxConnectionsPerSource(4)
                        .build())
                .route("/desc.xml", r -> CompletableFuture.completedFuture(
                        UpnpHttpResponse.text(200, UpnpHttpResponse.TEXT_XML, "<root/>")))
                .route("/echo", r -> CompletableFuture.completedFuture(
                        UpnpHttpResponse.text(200, "text/plain", r.method() + " " + r.bodyText() + " from "
                                + r.remote().getAddress().getHostAddress())))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void bindsOnlyTheLanAddressNeverTheWildcard() {
        assertThat(server.boundAddresses()).containsExactly(InetAddress.getLoopbackAddress());
    }

    @Test
    void servesARouteWithServerDateAndLength() throws IOException {
        String response = exchange("GET /desc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(response.toLowerCase()).contains("server: test/1.0 upnp/1.0 portcullis/0\r\n")
                .contains("content-length: 7\r\n").contains("date: ")
                .contains("content-type: text/xml; charset=\"utf-8\"");
        assertThat(response).endsWith("\r\n\r\n<root/>");
    }

    @Test
    void unknownPathIs404() throws IOException {
        assertThat(exchange("GET /etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 404 ");
    }

    @Test
    void passesMethodBodyAndRemoteToTheHandler() throws IOException {
        String response = exchange("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                + "Connection: close\r\n\r\nhello");
        assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("POST hello from 127.0.0.1");
    }

    @Test
    void overlongRequestLineIs414AndCloses() throws IOException {
        String response = exchange("GET /" + "a".repeat(3000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 414 ");
    }

    @Test
    void oversizedHeadersAre431AndClose() throws IOException {
        String response = exchange("GET /desc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "b".repeat(10_000) + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void oversizedBodyIs413AndCloses() throws IOException {
        String response = exchange("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n\r\n"
                + "x".repeat(5000));
        assertThat(response).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void garbageIs400AndCloses() throws IOException {
        assertThat(exchange("\u0001\u0002 nonsense\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        String response = exchange("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\none"
                + "GET /desc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\ntwo");
        int first = response.indexOf("POST one");
        int second = response.indexOf("<root/>");
        int third = response.indexOf("POST two");
        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
    }

    @Test
    void slowClientIsDisconnectedAfterTheReadTimeout() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET /desc.xml HTTP/1.1\r\n".getBytes(US_ASCII));
            s.setSoTimeout(6000);
            String response = readAll(s.getInputStream());
            assertThat(response).satisfiesAnyOf(r -> assertThat(r).isEmpty(),
                    r -> assertThat(r).startsWith("HTTP/1.1 408 "));
        }
    }

    @Test
    void connectionsBeyondThePerSourceCapAreClosedAndCounted() throws Exception {
        Socket[] held = new Socket[4];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = connect();
            }
            String response = exchange("GET /desc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(response).isEmpty();
            assertThat(server.counters().get("http.drop.per-source-cap")).isEqualTo(1);
        } finally {
            for (Socket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 2000);
        return s;
    }

    private String exchange(String request) throws IOException {
        try (Socket s = connect()) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(US_ASCII));
                out.flush();
            } catch (IOException e) {
                // The server may close before reading everything we send (oversized input): read what it said.
            }
            return readAll(s.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        try {
            for (int n; (n = in.read(b)) >= 0; ) {
                buf.write(b, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // closed or reset after the response: keep what arrived
        }
        return buf.toString(US_ASCII);
    }
}
