package org.portcullis.upnp.igd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.client.FakeGateway.Reply;
import org.portcullis.upnp.igd.client.GatewayException.Kind;

/** The client against a scripted loopback gateway: wire format, quirks of real devices, limits and timeouts. */
@Timeout(60)
class GatewayClientTest {
    private static final String ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String IP1 = "urn:schemas-upnp-org:service:WANIPConnection:1";
    private static final String IP2 = "urn:schemas-upnp-org:service:WANIPConnection:2";

    private FakeGateway fake;
    private GatewayClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeGateway();
        client = GatewayClient.builder().timeout(Duration.ofMillis(1500)).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        fake.close();
    }

    static String response(String service, String action, String args) {
        return "<?xml version=\"1.0\"?>\n<s:Envelope xmlns:s=\"" + ENV + "\" s:encodingStyle="
                + "\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:" + action + "Response xmlns:u=\""
                + service + "\">" + args + "</u:" + action + "Response></s:Body></s:Envelope>";
    }

    /** A fault as some firmware writes it: SOAP-ENV prefix, padded code. */
    static Reply fault(int code, String text) {
        return Reply.http(500, "text/xml", "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"" + ENV + "\"><SOAP-ENV:Body>"
                + "<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>UPnPError</faultstring>"
                + "<detail><UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>\n " + code
                + " \n</errorCode><errorDescription>" + text + "</errorDescription></UPnPError></detail>"
                + "</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>");
    }

    private Gateway gateway(String service) throws Exception {
        fake.route("/desc.xml", Reply.xml(Descriptions.withService(service, "/ctl")));
        return GatewayClient.await(client.describe(fake.url("/desc.xml")));
    }

    private static GatewayException failure(CompletableFuture<?> f) throws InterruptedException {
        try {
            GatewayClient.await(f);
        } catch (GatewayException e) {
            return e;
        }
        throw new AssertionError("succeeded");
    }

    private static Inet4Address ip(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    @Test
    void describeRecordsTheHttpServerHeaderAndChosenService() throws Exception {
        Gateway g = gateway(IP1);
        assertThat(g.server()).isEqualTo("Fake/1.0 UPnP/1.1 FakeIgd/0.9");
        assertThat(g.controlUrl()).isEqualTo(fake.url("/ctl"));
        assertThat(g.isIgd2()).isFalse();
    }

    @Test
    void externalAddressSendsAQuotedSoapActionAndReadsTheAnswer() throws Exception {
        Gateway g = gateway(IP2);
        fake.route("/ctl", Reply.xml(response(IP2, "GetExternalIPAddress",
                "<NewExternalIPAddress>203.0.113.1</NewExternalIPAddress>")));
        assertThat(GatewayClient.await(client.externalAddress(g))).isEqualTo(InetAddress.getByName("203.0.113.1"));
        FakeGateway.Request req = fake.requests().get(fake.requests().size() - 1);
        assertThat(req.path()).isEqualTo("/ctl");
        assertThat(req.soapAction()).isEqualTo("\"" + IP2 + "#GetExternalIPAddress\"");
        assertThat(req.body()).contains("<u:GetExternalIPAddress xmlns:u=\"" + IP2 + "\"");
    }

    @Test
    void emptyOrNamedExternalAddressIsMalformed() throws Exception {
        Gateway g = gateway(IP1);
        for (String v : List.of("", "router.example", "0.0.0")) {
            fake.route("/ctl", Reply.xml(response(IP1, "GetExternalIPAddress",
                    "<NewExternalIPAddress>" + v + "</NewExternalIPAddress>")));
            assertThat(failure(client.externalAddress(g)).kind()).as(v).isEqualTo(Kind.MALFORMED);
        }
    }

    @Test
    void addPortMappingSendsEveryArgumentInOrder() throws Exception {
        Gateway g = gateway(IP1);
        fake.route("/ctl", Reply.xml(response(IP1, "AddPortMapping", "")));
        GatewayClient.await(client.addPortMapping(g, PortMappingRequest.of(Protocol.UDP, 40000,
                ip("192.168.77.2"), 4000, "voice <&>", Duration.ofHours(1))));
        String body = fake.requests().get(1).body();
        assertThat(body).containsSubsequence("<NewRemoteHost></NewRemoteHost>", "<NewExternalPort>40000<",
                "<NewProtocol>UDP<", "<NewInternalPort>4000<", "<NewInternalClient>192.168.77.2<",
                "<NewEnabled>1<", "<NewPortMappingDescription>voice &lt;&amp;><", "<NewLeaseDuration>3600<");
    }

    @Test
    void faultsCarryTheUpnpCodeWhateverThePrefixOrPadding() throws Exception {
        Gateway g = gateway(IP1);
        fake.route("/ctl", fault(718, "ConflictInMappingEntry"));
        GatewayException e = failure(client.addPortMapping(g, PortMappingRequest.of(Protocol.TCP, 80,
                ip("192.168.77.2"), 80, "", Duration.ZERO)));
        assertThat(e.kind()).isEqualTo(Kind.FAULT);
        assertThat(e.upnpErrorCode()).hasValue(718);
        assertThat(e.knownCode()).hasValueSatisfying(c -> assertThat(c.code()).isEqualTo(718));

        fake.route("/ctl", fault(725, "OnlyPermanentLeasesSupported"));
        assertThat(failure(client.addPortMapping(g, PortMappingRequest.of(Protocol.TCP, 80, ip("192.168.77.2"),
                80, "", Duration.ofMinutes(5)))).upnpErrorCode()).hasValue(725);

        fake.route("/ctl", fault(899, "Vendor"));
        GatewayException vendor = failure(client.deletePortMapping(g, Protocol.TCP, 80));
        assertThat(vendor.upnpErrorCode()).hasValue(899);
        assertThat(vendor.knownCode()).isEmpty();
    }

    @Test
    void nonSoapErrorsAreHttpStatusOrMalformed() throws Exception {
        Gateway g = gateway(IP1);
        fake.route("/ctl", Reply.http(500, "text/html", "<html>Internal error</html>"));
        GatewayException e = failure(client.deletePortMapping(g, Protocol.TCP, 80));
        assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
        assertThat(e.httpStatus()).hasValue(500);
        fake.route("/ctl", Reply.xml("this is not xml"));
        assertThat(failure(client.deletePortMapping(g, Protocol.TCP, 80)).kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void addAnyPortMappingReturnsTheReservedPortOnIgd2Only() throws Exception {
        Gateway v2 = gateway(IP2);
        fake.route("/ctl", Reply.xml(response(IP2, "AddAnyPortMapping", "<NewReservedPort>40001</NewReservedPort>")));
        PortMappingRequest r = PortMappingRequest.of(Protocol.TCP, 40000, ip("192.168.77.2"), 4000, "x",
                Duration.ofHours(2));
        assertThat(GatewayClient.await(client.addAnyPortMapping(v2, r))).isEqualTo(40001);
        fake.route("/ctl", Reply.xml(response(IP2, "AddAnyPortMapping", "<NewReservedPort>0</NewReservedPort>")));
        assertThat(failure(client.addAnyPortMapping(v2, r)).kind()).isEqualTo(Kind.MALFORMED);

        Gateway v1 = gateway(IP1);
        assertThat(failure(client.addAnyPortMapping(v1, r)).kind()).isEqualTo(Kind.UNSUPPORTED);
    }

    private static final Pattern INDEX = Pattern.compile("<NewPortMappingIndex>(\\d+)<");

    private static Reply genericEntries(FakeGateway.Request req, int count, int endCode) {
        Matcher m = INDEX.matcher(req.body());
        int i = m.find() ? Integer.parseInt(m.group(1)) : -1;
        if (i < 0 || i >= count) {
            return fault(endCode, "end");
        }
        return Reply.xml(response(IP1, "GetGenericPortMappingEntry", "<NewRemoteHost></NewRemoteHost>"
                + "<NewExternalPort>" + (10000 + i) + "</NewExternalPort><NewProtocol>TCP</NewProtocol>"
                + "<NewInternalPort>" + (20000 + i) + "</NewInternalPort>"
                + "<NewInternalClient>192.168.77.2</NewInternalClient><NewEnabled>1</NewEnabled>"
                + "<NewPortMappingDescription>m" + i + "</NewPortMappingDescription>"
                + "<NewLeaseDuration>60</NewLeaseDuration>"));
    }

    @Test
    void igd1ListingWalksGenericEntriesUntilTheEndFault() throws Exception {
        Gateway g = gateway(IP1);
        for (int end : new int[] {713, 714, 730}) {
            fake.route("/ctl", req -> genericEntries(req, 3, end));
            List<RemoteMapping> l = GatewayClient.await(client.listMappings(g));
            assertThat(l).extracting(RemoteMapping::externalPort).as("end %d", end).containsExactly(10000, 10001, 10002);
            assertThat(l.get(1)).isEqualTo(new RemoteMapping("", 10001, Protocol.TCP, 20001, "192.168.77.2", true,
                    "m1", Duration.ofSeconds(60)));
        }
    }

    @Test
    void listingIsBoundedByMaxListEntries() throws Exception {
        try (GatewayClient small = GatewayClient.builder().maxListEntries(5).build()) {
            Gateway g = gateway(IP1);
            fake.route("/ctl", req -> genericEntries(req, 1000, 713));
            int before = fake.requests().size();
            assertThat(GatewayClient.await(small.listMappings(g))).hasSize(5);
            assertThat(fake.requests().size() - before).isEqualTo(5);
        }
    }

    @Test
    void igd2ListingUsesGetListOfPortMappingsForBothProtocols() throws Exception {
        Gateway g = gateway(IP2);
        String listing = "<p:PortMappingList xmlns:p=\"urn:schemas-upnp-org:gw:WANIPConnection\"><p:PortMappingEntry>"
                + "<p:NewRemoteHost></p:NewRemoteHost><p:NewExternalPort>18080</p:NewExternalPort>"
                + "<p:NewProtocol>TCP</p:NewProtocol><p:NewInternalPort>8080</p:NewInternalPort>"
                + "<p:NewInternalClient>192.168.77.2</p:NewInternalClient><p:NewEnabled>1</p:NewEnabled>"
                + "<p:NewDescription>d</p:NewDescription><p:NewLeaseTime>100</p:NewLeaseTime>"
                + "</p:PortMappingEntry></p:PortMappingList>";
        String escaped = listing.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        fake.route("/ctl", req -> req.body().contains("<NewProtocol>TCP<")
                ? Reply.xml(response(IP2, "GetListOfPortMappings", "<NewPortListing>" + escaped + "</NewPortListing>"))
                : fault(730, "PortMappingNotFound"));
        assertThat(GatewayClient.await(client.listMappings(g))).containsExactly(new RemoteMapping("", 18080,
                Protocol.TCP, 8080, "192.168.77.2", true, "d", Duration.ofSeconds(100)));
        assertThat(fake.requests()).extracting(FakeGateway.Request::soapAction)
                .contains("\"" + IP2 + "#GetListOfPortMappings\"");
    }

    @Test
    void igd2ListingFallsBackToGenericEntriesWhenRefused() throws Exception {
        Gateway g = gateway(IP2);
        fake.route("/ctl", req -> req.soapAction().contains("GetListOfPortMappings")
                ? fault(401, "Invalid Action") : genericEntries(req, 2, 713));
        assertThat(GatewayClient.await(client.listMappings(g))).hasSize(2);
    }

    @Test
    void slowDeviceTimesOutWithinTheBound() throws Exception {
        try (GatewayClient quick = GatewayClient.builder().timeout(Duration.ofMillis(300)).build()) {
            fake.route("/desc.xml", Reply.hanging());
            long t0 = System.nanoTime();
            GatewayException e = failure(quick.describe(fake.url("/desc.xml")));
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));

            Gateway g = gateway(IP1);
            fake.route("/ctl", Reply.hanging());
            t0 = System.nanoTime();
            assertThat(failure(quick.externalAddress(g)).kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void descriptionSizeStatusAndUrlLimits() throws Exception {
        try (GatewayClient small = GatewayClient.builder().maxDescriptionBytes(1024).build()) {
            fake.route("/big.xml", Reply.xml(Descriptions.withService(IP1, "/ctl")
                    .replace("<friendlyName>One", "<friendlyName>" + "x".repeat(4000))));
            assertThat(failure(small.describe(fake.url("/big.xml"))).kind()).isEqualTo(Kind.MALFORMED);
        }
        GatewayException missing = failure(client.describe(fake.url("/none.xml")));
        assertThat(missing.kind()).isEqualTo(Kind.HTTP_STATUS);
        assertThat(missing.httpStatus()).hasValue(404);
        assertThat(failure(client.describe(URI.create("http://router.example/desc.xml"))).kind())
                .isEqualTo(Kind.MALFORMED);
        assertThat(failure(client.describe(URI.create("https://127.0.0.1/desc.xml"))).kind())
                .isEqualTo(Kind.MALFORMED);
    }

    @Test
    void bareLfHeadersAndCloseDelimitedBodiesAreAccepted() throws Exception {
        fake.route("/lf.xml", Reply.raw("HTTP/1.0 200 OK\nContent-Type: text/xml\nServer: Old/1 UPnP/1.0 x/1\n\n"
                + Descriptions.withService(IP1, "/ctl")));
        Gateway g = GatewayClient.await(client.describe(fake.url("/lf.xml")));
        assertThat(g.server()).isEqualTo("Old/1 UPnP/1.0 x/1");
    }

    @Test
    void faultSentWithStatus200IsStillAFault() throws Exception {
        Gateway g = gateway(IP1);
        Reply f = fault(714, "NoSuchEntryInArray");
        fake.route("/ctl", Reply.raw(new String(f.bytes(), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("HTTP/1.1 500 X", "HTTP/1.1 200 OK")));
        assertThat(failure(client.deletePortMapping(g, Protocol.TCP, 80)).upnpErrorCode()).hasValue(714);
    }

    @Test
    void chunkedDescriptionIsReassembled() throws Exception {
        String body = Descriptions.withService(IP2, "/ctl");
        int half = body.length() / 2;
        String a = body.substring(0, half);
        String b = body.substring(half);
        fake.route("/chunked.xml", Reply.raw("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(a.length()) + "\r\n" + a + "\r\n"
                + Integer.toHexString(b.length()) + "\r\n" + b + "\r\n0\r\n\r\n"));
        assertThat(GatewayClient.await(client.describe(fake.url("/chunked.xml"))).isIgd2()).isTrue();
    }

    @Test
    void refusedConnectionIsIo() throws Exception {
        int port = fake.port();
        fake.close();
        assertThat(failure(client.describe(URI.create("http://127.0.0.1:" + port + "/d.xml"))).kind())
                .isEqualTo(Kind.IO);
    }

    @Test
    void closeFailsPendingCallsAndStopsItsThreads() throws Exception {
        GatewayClient c = GatewayClient.builder().timeout(Duration.ofSeconds(30)).build();
        fake.route("/desc.xml", Reply.hanging());
        CompletableFuture<Gateway> pending = c.describe(fake.url("/desc.xml"));
        Thread.sleep(100);
        c.close();
        assertThat(failure(pending).kind()).isEqualTo(Kind.IO);
        assertThat(failure(c.describe(fake.url("/desc.xml"))).kind()).isEqualTo(Kind.IO);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (clientThreads() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // only this test class's own client (closed in @AfterEach) may still have its event loop thread
        assertThat(clientThreads()).isLessThanOrEqualTo(1);
    }

    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("portcullis-igd-")).count();
    }

    @Test
    void requestValuesAreChecked() throws Exception {
        assertThatThrownBy(() -> PortMappingRequest.of(Protocol.TCP, 0, ip("192.168.77.2"), 1, "", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PortMappingRequest.of(Protocol.TCP, 1, ip("192.168.77.2"), 1, "",
                Duration.ofDays(8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortMappingRequest(Protocol.TCP, 1, ip("192.168.77.2"), 1, "",
                Duration.ZERO, "host.example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GatewayClient.builder().timeout(Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
