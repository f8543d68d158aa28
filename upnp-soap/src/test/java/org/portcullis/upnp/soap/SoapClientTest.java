package org.portcullis.upnp.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.description.ServiceDescription;
import org.portcullis.upnp.core.http.UpnpHttpServer;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.soap.SoapTransportException.Kind;

/**
 * {@link SoapClient} against {@link SoapControl} on the loopback LAN server, and against a scripted socket that
 * answers the way real gateways do (prefixes, no declaration, chunked, close-delimited) or misbehaves.
 */
@Timeout(30)
class SoapClientTest {
    private static final UpnpType WANIP1 = UpnpType.service("WANIPConnection", 1);
    private static final ActionRequest GET_IP = new ActionRequest(WANIP1, "GetExternalIPAddress", List.of());
    private static final String ENV = "http://schemas.xmlsoap.org/soap/envelope/";

    private final AtomicReference<ActionRequest> seen = new AtomicReference<>();
    private UpnpHttpServer server;
    private SoapClient client;
    private ServerSocket fake;
    private Thread fakeThread;

    @BeforeEach
    void start() throws Exception {
        ServiceDescription service = TestService.wanIp1();
        SoapControl control = SoapControl.builder(service)
                .handler("GetExternalIPAddress", (r, c) -> CompletableFuture.completedFuture(List.of(
                        new ActionArgument("NewExternalIPAddress", "203.0.113.7"))))
                .handler("AddPortMapping", (r, c) -> {
                    seen.set(r);
                    return r.argument("NewExternalPort").orElseThrow().equals("1")
                            ? CompletableFuture.failedFuture(
                                    new UpnpException(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY))
                            : CompletableFuture.completedFuture(List.of());
                })
                .build();
        LanInterface lo = new LanInterface("lo", 1, List.of(new LanAddress(InetAddress.getLoopbackAddress(), 8)));
        server = UpnpHttpServer.builder().lanPolicy(new LanPolicy(List.of(lo))).port(0)
                .route(service.controlUrl(), control).start();
        client = SoapClient.builder().responseTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        if (fake != null) {
            fake.close();
            fakeThread.interrupt();
            fakeThread.join(5000);
        }
    }

    private URI control() {
        return URI.create("http://127.0.0.1:" + server.port() + "/ctl/IPConn");
    }

    private static ActionRequest add(String externalPort) {
        return new ActionRequest(WANIP1, "AddPortMapping", List.of(
                new ActionArgument("NewRemoteHost", ""),
                new ActionArgument("NewExternalPort", externalPort),
                new ActionArgument("NewProtocol", "TCP"),
                new ActionArgument("NewInternalPort", "51413"),
                new ActionArgument("NewInternalClient", "127.0.0.1"),
                new ActionArgument("NewEnabled", "1"),
                new ActionArgument("NewPortMappingDescription", "a & <b> \"c\""),
                new ActionArgument("NewLeaseDuration", "3600")));
    }

    // --- against SoapControl

    @Test
    void invokesAnActionOnSoapControl() throws Exception {
        ActionResponse r = client.call(control(), GET_IP);
        assertThat(r).isEqualTo(new ActionResponse(WANIP1, "GetExternalIPAddress",
                List.of(new ActionArgument("NewExternalIPAddress", "203.0.113.7"))));
        assertThat(client.call(control(), add("51413")).arguments()).isEmpty();
        assertThat(seen.get().argument("NewPortMappingDescription")).hasValue("a & <b> \"c\"");
    }

    @Test
    void mapsAFaultToSoapFaultExceptionWithTheUpnpCode() {
        assertThatThrownBy(() -> client.call(control(), add("1")))
                .isInstanceOfSatisfying(SoapFaultException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(718);
                    assertThat(e.knownCode()).hasValue(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY);
                    assertThat(e.fault()).isEqualTo(new SoapFault(718, "ConflictInMappingEntry"));
                });
        assertThat(client.invoke(control(), add("0x")))
                .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(SoapFaultException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(402));
    }

    @Test
    void mapsAPlainHttpStatusToHttpStatus() {
        URI wrongPath = URI.create("http://127.0.0.1:" + server.port() + "/nothing-here");
        assertThatThrownBy(() -> client.call(wrongPath, GET_IP))
                .isInstanceOfSatisfying(SoapTransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
                    assertThat(e.httpStatus()).hasValue(404);
                });
    }

    @Test
    void manyInvocationsConcurrently() throws Exception {
        List<CompletableFuture<ActionResponse>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(client.invoke(control(), GET_IP));
        }
        for (CompletableFuture<ActionResponse> f : all) {
            assertThat(f.get(10, TimeUnit.SECONDS).argument("NewExternalIPAddress")).hasValue("203.0.113.7");
        }
    }

    // --- against scripted gateways

    /** Serves one connection: records the request, then writes {@code answer} (null: say nothing) and closes. */
    private URI fakeGateway(byte[] answer, AtomicReference<String> request) throws IOException {
        fake = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        fakeThread = new Thread(() -> {
            try (Socket s = fake.accept()) {
                s.setSoTimeout(5000);
                String head = readRequest(s.getInputStream());
                if (request != null) {
                    request.set(head);
                }
                OutputStream out = s.getOutputStream();
                if (answer == null) {
                    Thread.sleep(4000);
                    return;
                }
                out.write(answer);
                out.flush();
            } catch (IOException | InterruptedException e) {
                // the test's assertions tell what happened
            }
        }, "fake-gateway");
        fakeThread.start();
        return URI.create("http://127.0.0.1:" + fake.getLocalPort() + "/upnp/control/WANIPConn1");
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int contentLength = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            buf.write(b);
            String s = buf.toString(StandardCharsets.ISO_8859_1);
            if (contentLength < 0 && s.endsWith("\r\n\r\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                        .matcher(s);
                contentLength = m.find() ? Integer.parseInt(m.group(1)) : 0;
                buf.write(in.readNBytes(contentLength));
                break;
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static byte[] http(String headers, String body) {
        return (headers + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static final String OTHER_PREFIXES = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"" + ENV + "\" "
            + "SOAP-ENV:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><SOAP-ENV:Body>"
            + "<m:GetExternalIPAddressResponse xmlns:m=\"urn:schemas-upnp-org:service:WANIPConnection:1\">"
            + "<NewExternalIPAddress>198.51.100.4</NewExternalIPAddress></m:GetExternalIPAddressResponse>"
            + "</SOAP-ENV:Body></SOAP-ENV:Envelope>";

    @Test
    void sendsTheRequestRealGatewaysExpect() throws Exception {
        AtomicReference<String> request = new AtomicReference<>();
        String ok = OTHER_PREFIXES.replace("GetExternalIPAddressResponse", "AddPortMappingResponse")
                .replaceAll("<NewExternalIPAddress>.*</NewExternalIPAddress>", "");
        URI url = fakeGateway(http("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: "
                + ok.length() + "\r\n", ok), request);
        client.call(url, add("51413"));
        String head = request.get();
        assertThat(head).startsWith("POST /upnp/control/WANIPConn1 HTTP/1.1\r\n")
                .contains("Host: 127.0.0.1:" + url.getPort() + "\r\n")
                .contains("Content-Type: text/xml; charset=\"utf-8\"\r\n")
                .contains("SOAPAction: \"urn:schemas-upnp-org:service:WANIPConnection:1#AddPortMapping\"\r\n")
                .contains("Connection: close\r\n")
                .contains("<NewPortMappingDescription>a &amp; &lt;b> \"c\"</NewPortMappingDescription>");
    }

    @Test
    void acceptsOtherPrefixesAndNoXmlDeclaration() throws Exception {
        URI url = fakeGateway(http("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: "
                + OTHER_PREFIXES.length() + "\r\n", OTHER_PREFIXES), null);
        assertThat(client.call(url, GET_IP).argument("NewExternalIPAddress")).hasValue("198.51.100.4");
    }

    @Test
    void acceptsAChunkedResponse() throws Exception {
        String a = OTHER_PREFIXES.substring(0, 100);
        String b = OTHER_PREFIXES.substring(100);
        String chunked = Integer.toHexString(a.length()) + "\r\n" + a + "\r\n" + Integer.toHexString(b.length())
                + "\r\n" + b + "\r\n0\r\n\r\n";
        URI url = fakeGateway(http("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n",
                chunked), null);
        assertThat(client.call(url, GET_IP).argument("NewExternalIPAddress")).hasValue("198.51.100.4");
    }

    @Test
    void acceptsACloseDelimitedHttp10Response() throws Exception {
        URI url = fakeGateway(http("HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n",
                OTHER_PREFIXES), null);
        assertThat(client.call(url, GET_IP).argument("NewExternalIPAddress")).hasValue("198.51.100.4");
    }

    @Test
    void acceptsBareLfHeaderLines() throws Exception {
        URI url = fakeGateway(("HTTP/1.1 200 OK\nContent-Type: text/xml\nContent-Length: " + OTHER_PREFIXES.length()
                + "\n\n" + OTHER_PREFIXES).getBytes(StandardCharsets.UTF_8), null);
        assertThat(client.call(url, GET_IP).argument("NewExternalIPAddress")).hasValue("198.51.100.4");
    }

    @Test
    void acceptsAFaultSentWith200() throws Exception {
        String fault = new String(org.portcullis.upnp.soap.codec.SoapWriter.writeFault(new SoapFault(606,
                "Action not authorized")), StandardCharsets.UTF_8);
        URI url = fakeGateway(http("HTTP/1.1 200 OK\r\nContent-Length: " + fault.length() + "\r\n", fault), null);
        assertThatThrownBy(() -> client.call(url, GET_IP)).isInstanceOfSatisfying(SoapFaultException.class,
                e -> assertThat(e.errorCode()).isEqualTo(606));
    }

    private void assertKind(URI url, Kind kind) {
        assertThatThrownBy(() -> client.call(url, GET_IP)).isInstanceOfSatisfying(SoapTransportException.class,
                e -> assertThat(e.kind()).isEqualTo(kind));
    }

    @Test
    void refusesAResponseOfAnotherAction() throws Exception {
        String other = OTHER_PREFIXES.replace("GetExternalIPAddressResponse", "GetStatusInfoResponse");
        assertKind(fakeGateway(http("HTTP/1.1 200 OK\r\nContent-Length: " + other.length() + "\r\n", other), null),
                Kind.MALFORMED_RESPONSE);
    }

    @Test
    void refusesABodyThatIsNotSoap() throws Exception {
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>";
        assertKind(fakeGateway(http("HTTP/1.1 200 OK\r\nContent-Length: " + doctype.length() + "\r\n", doctype),
                null), Kind.MALFORMED_RESPONSE);
    }

    @Test
    void refusesGarbage() throws Exception {
        assertKind(fakeGateway("SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII), null),
                Kind.MALFORMED_RESPONSE);
    }

    @Test
    void refusesAnOversizedBody() throws Exception {
        String big = "<a>" + "x".repeat(SoapClient.DEFAULT_MAX_RESPONSE_BYTES) + "</a>";
        assertKind(fakeGateway(http("HTTP/1.1 200 OK\r\nContent-Length: " + big.length() + "\r\n", big), null),
                Kind.RESPONSE_TOO_LARGE);
    }

    @Test
    void refusesOversizedHeaders() throws Exception {
        String header = "X-Junk: " + "y".repeat(SoapClient.MAX_HEADER_BYTES) + "\r\n";
        assertKind(fakeGateway(http("HTTP/1.1 200 OK\r\n" + header + "Content-Length: 0\r\n", ""), null),
                Kind.RESPONSE_TOO_LARGE);
    }

    @Test
    void reportsATruncatedResponseAsClosed() throws Exception {
        assertKind(fakeGateway(http("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n", "<s:Envelope"), null),
                Kind.CONNECTION_CLOSED);
    }

    @Test
    void timesOutASilentGateway() throws Exception {
        long start = System.nanoTime();
        assertKind(fakeGateway(null, null), Kind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void reportsARefusedConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertKind(URI.create("http://127.0.0.1:" + port + "/ctl"), Kind.CONNECT_FAILED);
    }

    @Test
    void failsInvocationsInProgressWhenClosed() throws Exception {
        CompletableFuture<ActionResponse> pending = client.invoke(fakeGateway(null, null), GET_IP);
        Thread.sleep(200);
        client.close();
        assertThat(pending).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(SoapTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.CLIENT_CLOSED));
        assertThat(client.invoke(control(), GET_IP)).isCompletedExceptionally();
    }

    @Test
    void refusesNonHttpUrls() {
        assertThatThrownBy(() -> client.invoke(URI.create("https://127.0.0.1/ctl"), GET_IP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.invoke(URI.create("/ctl"), GET_IP))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeStopsTheClientsOwnThread() throws Exception {
        assertThat(client.call(control(), GET_IP).arguments()).hasSize(1);
        client.close();
        // close() returns once the loop has terminated; the thread itself may need a moment more to exit, which a
        // bounded join allows. A loop that was not shut down stays alive past it and fails the test.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("portcullis-soap-client")) {
                t.join(2000);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.getName().startsWith("portcullis-soap-client") && t.isAlive())
                .isEmpty();
    }

    @Test
    void usesAGivenGroupAndLeavesItRunning() throws Exception {
        io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                io.netty.channel.nio.NioIoHandler.newFactory());
        try {
            SoapClient shared = SoapClient.builder().eventLoopGroup(group).build();
            assertThat(shared.call(control(), GET_IP).arguments()).hasSize(1);
            shared.close();
            assertThat(group.isShuttingDown()).isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
