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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
                        .idleTimeout(Duration.ofSeconds(3))
                        .maxHeaderCount(20)
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
    void oversizedHeadersOfAPostAre431NotLengthRequired() throws IOException {
        String response = exchange("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nX-Big: "
                + "b".repeat(10_000) + "\r\n\r\nhi");
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

    // --- Host validation (DNS rebinding)

    @Test
    void acceptsOurAddressWithOrWithoutThePort() throws IOException {
        assertThat(exchange("GET /desc.xml HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(exchange("GET /desc.xml HTTP/1.1\r\nhost:127.0.0.1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
    }

    @Test
    void http10WithoutHostIsServed() throws IOException {
        assertThat(exchange("GET /desc.xml HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /desc.xml HTTP/1.1\r\n\r\n",
            "GET /desc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /desc.xml HTTP/1.1\r\nHost: 127.0.0.1:abc\r\n\r\n",
            "GET /desc.xml HTTP/1.1\r\nHost: 127.0.0.1:\r\n\r\n",
            "GET /desc.xml HTTP/1.1\r\nHost: ::1\r\n\r\n",
            "GET /desc.xml HTTP/1.1\r\nHost: [::1\r\n\r\n",
            "GET /desc.xml HTTP/1.1\r\nHost: user@127.0.0.1\r\n\r\n"})
    void missingRepeatedOrMalformedHostIs400AndCloses(String request) throws IOException {
        assertThat(exchange(request)).startsWith("HTTP/1.1 400 ").contains("connection: close");
        assertThat(server.counters().get("http.drop.host-invalid")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rebind.attacker.example", "rebind.attacker.example:PORT", "localhost:PORT",
            "127.0.0.2:PORT", "127.0.0.1:1", "[::1]:PORT", "2130706433:PORT", "127.1:PORT", "0x7f.0.0.1"})
    void foreignHostIs403AndCloses(String host) throws IOException {
        String response = exchange("POST /echo HTTP/1.1\r\nHost: " + host.replace("PORT",
                Integer.toString(server.port())) + "\r\nContent-Length: 2\r\n\r\nhi");
        assertThat(response).startsWith("HTTP/1.1 403 ").doesNotContain("POST hi");
        assertThat(server.counters().get("http.drop.host-foreign")).isEqualTo(1);
    }

    // --- keep-alive, chunked bodies, 100-continue

    @Test
    void keepAliveServesSequentialRequestsOnOneConnection() throws IOException {
        try (Socket s = connect()) {
            s.setSoTimeout(5000);
            for (int i = 0; i < 5; i++) {
                s.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\nk"
                        + i).getBytes(US_ASCII));
                assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 ").endsWith("POST k" + i
                        + " from 127.0.0.1");
            }
        }
    }

    @Test
    void chunkedRequestBodyIsDechunked() throws IOException {
        String response = exchange("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n3\r\nhel\r\n2;ext=1\r\nlo\r\n0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("POST hello from 127.0.0.1");
    }

    @Test
    void chunkedBodyOverTheLimitIs413AndCloses() throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            body.append("100\r\n").append("c".repeat(256)).append("\r\n");
        }
        String response = exchange("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + body + "0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413 ").contains("connection: close");
        assertThat(server.counters().get("http.drop.body-too-large")).isEqualTo(1);
    }

    @Test
    void keepAliveRequestWithOversizedLengthIs413AndCloses() throws IOException {
        try (Socket s = connect()) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n"
                    .getBytes(US_ASCII));
            assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 413 ");
        }
    }

    @Test
    void expect100ContinueGetsAnInterimAnswerThenTheResponse() throws IOException {
        try (Socket s = connect()) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"
                    .getBytes(US_ASCII));
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 100 Continue");
            out.write("body".getBytes(US_ASCII));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 ").endsWith("POST body from 127.0.0.1");
        }
    }

    @Test
    void expect100ContinueWithOversizedLengthIs413AndCloses() throws IOException {
        assertThat(exchange("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n"
                + "Expect: 100-continue\r\n\r\n")).startsWith("HTTP/1.1 413 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "M-POST"})
    void bodyWithoutLengthIs411AndCloses(String method) throws IOException {
        String response = exchange(method + " /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n<s:Envelope/>");
        assertThat(response).startsWith("HTTP/1.1 411 ").contains("connection: close").doesNotContain("POST");
        assertThat(server.counters().get("http.drop.length-required")).isEqualTo(1);
    }

    @Test
    void tooManyHeaderFieldsIs431AndCloses() throws IOException {
        String response = exchange("GET /desc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-A: 1\r\n".repeat(25) + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 431 ");
        assertThat(server.counters().get("http.drop.header-count")).isEqualTo(1);
    }

    // --- timeouts

    @Test
    void slowlorisTricklingBytesGets408AtTheReadDeadline() throws IOException {
        long start = System.nanoTime();
        try (Socket s = connect()) {
            s.setSoTimeout(300);
            OutputStream out = s.getOutputStream();
            String request = "GET /desc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "s".repeat(100);
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < request.length() && System.nanoTime() - start < 6_000_000_000L; i++) {
                try {
                    out.write(request.charAt(i));
                    out.flush();
                    int n = s.getInputStream().read();
                    if (n < 0) {
                        break;
                    }
                    got.append((char) n).append(readAll(s.getInputStream()));
                    break;
                } catch (SocketTimeoutException e) {
                    // nothing yet; trickle the next byte
                } catch (java.net.SocketException e) {
                    break;
                }
            }
            assertThat(got.toString()).startsWith("HTTP/1.1 408 ");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500),
                Duration.ofMillis(4500));
        assertThat(server.counters().get("http.read-timeout")).isEqualTo(1);
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        try (Socket s = connect()) {
            s.setSoTimeout(8000);
            s.getOutputStream().write("GET /desc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(US_ASCII));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 ");
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2500),
                    Duration.ofMillis(6000));
        }
        assertThat(server.counters().get("http.idle-timeout")).isEqualTo(1);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (buf.size() < 8192) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            buf.write(b);
            if (buf.toString(US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return buf.toString(US_ASCII);
    }

    /** One response on a kept-alive connection: the head, then Content-Length bytes. */
    private static String readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return head + new String(in.readNBytes(length), US_ASCII);
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
