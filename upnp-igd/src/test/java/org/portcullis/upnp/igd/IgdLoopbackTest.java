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
    private static Igd igd;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

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
    void descriptionNamesTheIgd1TreeAndItsUrls() throws Exception {
        HttpResponse<String> r = get("/rootDesc.xml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("text/xml"));
        assertThat(r.body())
                .contains("urn:schemas-upnp-org:device:InternetGatewayDevice:1")
                .contains("urn:schemas-upnp-org:device:WANDevice:1")
                .contains("urn:schemas-upnp-org:device:WANConnectionDevice:1")
                .contains(WANIP)
                .contains("urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1")
                .contains("urn:schemas-upnp-org:service:Layer3Forwarding:1")
                .contains("<controlURL>/ctl/IPConn</controlURL>")
                .contains("<UDN>uuid:")
                .doesNotContain("<!DOCTYPE");
        assertThat(igd.descriptionUrls()).containsExactly(URI.create(base + "/rootDesc.xml"));
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
        assertThat(l3f.body()).containsPattern("uuid:[0-9a-f-]{36}:WANConnectionDevice:1,urn:upnp-org:serviceId:WANIPConn1");
    }

    @Test
    void eventingIsNotServedYet() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/evt/IPConn"))
                .method("SUBSCRIBE", HttpRequest.BodyPublishers.noBody())
                .header("CALLBACK", "<http://127.0.0.1:9/>").header("NT", "upnp:event")
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(501);
    }

    private static String add(String client, int ext, int internal, long lease) {
        return "<NewRemoteHost></NewRemoteHost><NewExternalPort>" + ext + "</NewExternalPort>"
                + "<NewProtocol>TCP</NewProtocol><NewInternalPort>" + internal + "</NewInternalPort>"
                + "<NewInternalClient>" + client + "</NewInternalClient><NewEnabled>1</NewEnabled>"
                + "<NewPortMappingDescription>test</NewPortMappingDescription>"
                + "<NewLeaseDuration>" + lease + "</NewLeaseDuration>";
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> soap(String action, String args) throws Exception {
        return post("/ctl/IPConn", WANIP, action, args);
    }

    private static HttpResponse<String> post(String path, String service, String action, String args)
            throws Exception {
        String body = "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:" + action
                + " xmlns:u=\"" + service + "\">" + args + "</u:" + action + "></s:Body></s:Envelope>\r\n";
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "text/xml; charset=\"utf-8\"")
                .header("SOAPAction", "\"" + service + "#" + action + "\"")
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
