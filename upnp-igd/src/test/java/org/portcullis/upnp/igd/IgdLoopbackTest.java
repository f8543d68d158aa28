package org.portcullis.upnp.igd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;

/**
 * The whole IGD in-process on loopback (no SSDP): description, SCPDs, presentation and every WANIPConnection:1
 * action through real HTTP and SOAP, the way a control point drives it.
 */
class IgdLoopbackTest {
    private static final String WANIP = "urn:schemas-upnp-org:service:WANIPConnection:1";
    private static final String WANIP2 = "urn:schemas-upnp-org:service:WANIPConnection:2";
    private static Igd igd;
    private static String base;
    private static final java.net.http.HttpClient HTTP = LoopbackHttp.HTTP;

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
        base = "http://127.0.0.1:" + igd.httpPort();
    }

    @AfterAll
    static void stop() {
        if (igd != null) {
            igd.close();
        }
    }

    @Test
    void descriptionNamesTheIgd2TreeAndItsUrls() throws Exception {
        HttpResponse<String> r = get("/rootDesc.xml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("text/xml"));
        assertThat(r.body())
                .contains("urn:schemas-upnp-org:device:InternetGatewayDevice:2")
                .contains("urn:schemas-upnp-org:device:WANDevice:2")
                .contains("urn:schemas-upnp-org:device:WANConnectionDevice:2")
                .contains(WANIP2)
                .contains("urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1")
                .contains("urn:schemas-upnp-org:service:Layer3Forwarding:1")
                .contains("<controlURL>/ctl/IPConn</controlURL>")
                .contains("<UDN>uuid:")
                .doesNotContain("<!DOCTYPE");
        assertThat(igd.descriptionUrls()).containsExactly(URI.create(base + "/rootDesc.xml"));
    }

    @Test
    void microsoftAndFdssdpAgentsGetTheIgd1ViewOfTheSameDevice() throws Exception {
        String v2 = get("/rootDesc.xml").body();
        for (String agent : List.of("Microsoft-Windows/10.0 UPnP/1.0", "FDSSDP")) {
            String v1 = get("/rootDesc.xml", agent).body();
            assertThat(v1).contains("urn:schemas-upnp-org:device:InternetGatewayDevice:1").contains(WANIP)
                    .doesNotContain(":2<");
            assertThat(udns(v1)).isEqualTo(udns(v2));
            assertThat(get("/WANIPCn.xml", agent).body()).doesNotContain("AddAnyPortMapping");
        }
        assertThat(get("/WANIPCn.xml").body()).contains("<name>AddAnyPortMapping</name>")
                .contains("<name>GetListOfPortMappings</name>").contains("<name>DeletePortMappingRange</name>");
    }

    private static List<String> udns(String description) {
        return java.util.regex.Pattern.compile("<UDN>([^<]+)</UDN>").matcher(description).results()
                .map(m -> m.group(1)).toList();
    }

    @Test
    void igd2ActionsThroughSoap() throws Exception {
        HttpResponse<String> any = post("/ctl/IPConn", WANIP2, "AddAnyPortMapping", add("127.0.0.1", 28080, 8080, 0));
        assertThat(any.statusCode()).as(any.body()).isEqualTo(200);
        assertThat(any.body()).contains("<NewReservedPort>28080</NewReservedPort>");
        HttpResponse<String> list = post("/ctl/IPConn", WANIP2, "GetListOfPortMappings",
                "<NewStartPort>28000</NewStartPort><NewEndPort>28999</NewEndPort><NewProtocol>TCP</NewProtocol>"
                        + "<NewManage>1</NewManage><NewNumberOfPorts>0</NewNumberOfPorts>");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        // CDATA, as miniupnpd sends it: libminiupnpc's parser does not decode entities.
        assertThat(list.body()).contains("<NewPortListing><![CDATA[<?xml")
                .contains("<p:NewExternalPort>28080</p:NewExternalPort>")
                .containsPattern("<p:NewLeaseTime>60479[89]</p:NewLeaseTime>")
                .contains("</p:PortMappingList>]]></NewPortListing>");
        assertThat(post("/ctl/IPConn", WANIP2, "DeletePortMappingRange",
                "<NewStartPort>28000</NewStartPort><NewEndPort>28999</NewEndPort><NewProtocol>TCP</NewProtocol>"
                        + "<NewManage>0</NewManage>").statusCode()).isEqualTo(200);
        assertThat(post("/ctl/IPConn", WANIP2, "DeletePortMappingRange",
                "<NewStartPort>28000</NewStartPort><NewEndPort>28999</NewEndPort><NewProtocol>TCP</NewProtocol>"
                        + "<NewManage>0</NewManage>").body()).contains("<errorCode>730</errorCode>");
        assertThat(post("/ctl/IPConn", WANIP2, "GetListOfPortMappings",
                "<NewStartPort>29000</NewStartPort><NewEndPort>28999</NewEndPort><NewProtocol>TCP</NewProtocol>"
                        + "<NewManage>0</NewManage><NewNumberOfPorts>0</NewNumberOfPorts>").body())
                .contains("<errorCode>733</errorCode>");
    }

    @Test
    void refusalCodeFollowsTheSoapactionVersion() throws Exception {
        assertThat(post("/ctl/IPConn", WANIP2, "AddPortMapping", add("127.0.0.2", 18082, 8082, 60)).body())
                .contains("<errorCode>606</errorCode>");
        assertThat(soap("AddPortMapping", add("127.0.0.2", 18082, 8082, 60)).body())
                .contains("<errorCode>718</errorCode>");
    }

    @Test
    void everyScpdIsServed() throws Exception {
        assertThat(get("/WANIPCn.xml").body()).contains("<name>AddPortMapping</name>")
                .contains("<name>GetGenericPortMappingEntry</name>");
        assertThat(get("/WANCfg.xml").body()).contains("<name>GetCommonLinkProperties</name>");
        assertThat(get("/L3F.xml").body()).contains("<name>GetDefaultConnectionService</name>");
    }

    @Test
    void externalAddressStatusAndTypes() throws Exception {
        assertThat(soap("GetExternalIPAddress", "").body())
                .contains("<NewExternalIPAddress>192.0.2.1</NewExternalIPAddress>");
        assertThat(soap("GetStatusInfo", "").body()).contains("<NewConnectionStatus>Connected</NewConnectionStatus>");
        assertThat(soap("GetConnectionTypeInfo", "").body()).contains("<NewConnectionType>IP_Routed</NewConnectionType>");
        assertThat(soap("GetNATRSIPStatus", "").body()).contains("<NewNATEnabled>1</NewNATEnabled>");
    }

    @Test
    void addListGetAndDeleteAMappingToOneself() throws Exception {
        HttpResponse<String> add = soap("AddPortMapping", add("127.0.0.1", 18080, 8080, 3600));
        assertThat(add.statusCode()).as(add.body()).isEqualTo(200);
        assertThat(add.body()).contains("AddPortMappingResponse");
        assertThat(igd.mappings()).extracting(PortMapping::externalPort).contains(18080);

        HttpResponse<String> specific = soap("GetSpecificPortMappingEntry",
                "<NewRemoteHost></NewRemoteHost><NewExternalPort>18080</NewExternalPort><NewProtocol>TCP</NewProtocol>");
        assertThat(specific.body()).contains("<NewInternalClient>127.0.0.1</NewInternalClient>")
                .contains("<NewInternalPort>8080</NewInternalPort>");

        assertThat(soap("GetGenericPortMappingEntry", "<NewPortMappingIndex>0</NewPortMappingIndex>").body())
                .contains("<NewExternalPort>18080</NewExternalPort>");

        HttpResponse<String> page = get("/");
        assertThat(page.body()).contains("192.0.2.1").contains("Portcullis");

        assertThat(soap("DeletePortMapping",
                "<NewRemoteHost></NewRemoteHost><NewExternalPort>18080</NewExternalPort><NewProtocol>TCP</NewProtocol>")
                .statusCode()).isEqualTo(200);
        assertThat(igd.mappings()).extracting(PortMapping::externalPort).doesNotContain(18080);
    }

    @Test
    void mappingForAnotherHostIsRefusedWith718() throws Exception {
        HttpResponse<String> r = soap("AddPortMapping", add("127.0.0.2", 18081, 8081, 0));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("<errorCode>718</errorCode>");
        assertThat(igd.mappings()).extracting(PortMapping::externalPort).doesNotContain(18081);
    }

    @Test
    void wrongIndexIs713AndMissingEntryIs714() throws Exception {
        assertThat(soap("GetGenericPortMappingEntry", "<NewPortMappingIndex>999</NewPortMappingIndex>").body())
                .contains("<errorCode>713</errorCode>");
        assertThat(soap("DeletePortMapping",
                "<NewRemoteHost></NewRemoteHost><NewExternalPort>18999</NewExternalPort><NewProtocol>UDP</NewProtocol>")
                .body()).contains("<errorCode>714</errorCode>");
    }

    @Test
    void commonInterfaceConfigAndLayer3Forwarding() throws Exception {
        HttpResponse<String> link = post("/ctl/CmnIfCfg", "urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1",
                "GetCommonLinkProperties", "");
        assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
        assertThat(link.body()).contains("<NewWANAccessType>");
        HttpResponse<String> l3f = post("/ctl/L3F", "urn:schemas-upnp-org:service:Layer3Forwarding:1",
                "GetDefaultConnectionService", "");
        assertThat(l3f.body()).containsPattern("uuid:[0-9a-f-]{36}:WANConnectionDevice:2,urn:upnp-org:serviceId:WANIPConn1");
    }

    @Test
    void subscriptionGetsInitialEventAndTableChanges() throws Exception {
        try (java.net.ServerSocket callback = new java.net.ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            callback.setSoTimeout(5000);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/evt/IPConn"))
                    .method("SUBSCRIBE", HttpRequest.BodyPublishers.noBody())
                    .header("CALLBACK", "<http://127.0.0.1:" + callback.getLocalPort() + "/evt>")
                    .header("NT", "upnp:event").header("TIMEOUT", "Second-300")
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            String sid = r.headers().firstValue("SID").orElseThrow();
            assertThat(r.headers().firstValue("TIMEOUT")).contains("Second-1800");
            String initial = acceptNotify(callback);
            assertThat(initial).startsWith("NOTIFY /evt HTTP/1.1").containsIgnoringCase("SID: " + sid)
                    .containsIgnoringCase("SEQ: 0\r\n")
                    .contains("<ExternalIPAddress>192.0.2.1</ExternalIPAddress>")
                    .contains("<ConnectionStatus>Connected</ConnectionStatus>")
                    .contains("<PortMappingNumberOfEntries>");
            assertThat(soap("AddPortMapping", add("127.0.0.1", 41234, 41234, 0)).statusCode()).isEqualTo(200);
            String change = acceptNotify(callback);
            assertThat(change).containsIgnoringCase("SEQ: 1\r\n").contains("<PortMappingNumberOfEntries>");
            soap("DeletePortMapping", "<NewRemoteHost></NewRemoteHost><NewExternalPort>41234</NewExternalPort>"
                    + "<NewProtocol>TCP</NewProtocol>");
            HttpResponse<String> bye = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/evt/IPConn"))
                    .method("UNSUBSCRIBE", HttpRequest.BodyPublishers.noBody()).header("SID", sid)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bye.statusCode()).isEqualTo(200);
        }
    }

    /** Accepts one NOTIFY, answers 200 and returns the request (head and body) as text. */
    private static String acceptNotify(java.net.ServerSocket callback) throws Exception {
        try (java.net.Socket s = callback.accept()) {
            s.setSoTimeout(5000);
            java.io.InputStream in = s.getInputStream();
            StringBuilder text = new StringBuilder();
            while (!text.toString().endsWith("\r\n\r\n") && text.length() < 8192) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                text.append((char) c);
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
            int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            text.append(new String(in.readNBytes(Math.min(length, 65536)), java.nio.charset.StandardCharsets.UTF_8));
            s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            return text.toString();
        }
    }

    @Test
    void callbackToAnotherHostIsRefused() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/evt/IPConn"))
                .method("SUBSCRIBE", HttpRequest.BodyPublishers.noBody())
                .header("CALLBACK", "<http://192.0.2.9:9/>").header("NT", "upnp:event")
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(412);
    }

    private static String add(String client, int ext, int internal, long lease) {
        return "<NewRemoteHost></NewRemoteHost><NewExternalPort>" + ext + "</NewExternalPort>"
                + "<NewProtocol>TCP</NewProtocol><NewInternalPort>" + internal + "</NewInternalPort>"
                + "<NewInternalClient>" + client + "</NewInternalClient><NewEnabled>1</NewEnabled>"
                + "<NewPortMappingDescription>test</NewPortMappingDescription>"
                + "<NewLeaseDuration>" + lease + "</NewLeaseDuration>";
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return LoopbackHttp.get(base + path, null);
    }

    private static HttpResponse<String> get(String path, String userAgent) throws Exception {
        return LoopbackHttp.get(base + path, userAgent);
    }

    private static HttpResponse<String> soap(String action, String args) throws Exception {
        return post("/ctl/IPConn", WANIP, action, args);
    }

    private static HttpResponse<String> post(String path, String service, String action, String args)
            throws Exception {
        return LoopbackHttp.soap(base + path, service, action, args);
    }
}
