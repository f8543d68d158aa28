package org.portcullis.upnp.igd.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portcullis.upnp.igd.client.Descriptions;
import org.portcullis.upnp.igd.client.Gateway;
import org.portcullis.upnp.igd.client.GatewayException;
import org.portcullis.upnp.igd.client.GatewayException.Kind;

class DescriptionParserTest {
    private static final URI LOCATION = URI.create("http://192.168.77.1:5000/rootDesc.xml");

    private static Gateway gateway(String xml) throws GatewayException {
        return DescriptionParser.gateway(LOCATION, "SRV", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static Kind failure(String xml) {
        try {
            gateway(xml);
        } catch (GatewayException e) {
            return e.kind();
        }
        throw new AssertionError("parsed: " + xml);
    }

    @Test
    void miniupnpd231PicksWanIpConnection2InTheNestedDevice() throws Exception {
        Gateway g = gateway(Descriptions.MINIUPNPD_2_3_1);
        assertThat(g.serviceType().urn()).isEqualTo("urn:schemas-upnp-org:service:WANIPConnection:2");
        assertThat(g.isIgd2()).isTrue();
        assertThat(g.controlUrl()).isEqualTo(URI.create("http://192.168.77.1:5000/ctl/IPConn"));
        assertThat(g.friendlyName()).isEqualTo("Debian router");
        assertThat(g.manufacturer()).isEqualTo("Debian");
        assertThat(g.modelName()).isEqualTo("Debian router");
        assertThat(g.modelNumber()).isEqualTo("1");
        assertThat(g.server()).isEqualTo("SRV");
        assertThat(g.location()).isEqualTo(LOCATION);
    }

    @Test
    void noNamespacePaddedTextPrefersIpOverPpp() throws Exception {
        Gateway g = gateway(Descriptions.NO_NAMESPACE_PPP_AND_IP1);
        assertThat(g.serviceType().urn()).isEqualTo("urn:schemas-upnp-org:service:WANIPConnection:1");
        assertThat(g.isIgd2()).isFalse();
        assertThat(g.controlUrl()).isEqualTo(URI.create("http://192.168.77.1:5000/upnp/control/WANIPConn1"));
        assertThat(g.friendlyName()).isEqualTo("Old Router");
        assertThat(g.modelName()).isEqualTo("R-1");
    }

    @ParameterizedTest(name = "URLBase {0}")
    @CsvSource({
        "http://192.168.77.1:5000, http://192.168.77.1:5000/ctl/ppp",
        "http://192.168.77.1:5000/, http://192.168.77.1:5000/ctl/ppp",
        "http://192.168.77.1:5000/sub/, http://192.168.77.1:5000/sub/ctl/ppp",
        "'  ', http://192.168.77.1:5000/ctl/ppp",
        "not a url, http://192.168.77.1:5000/ctl/ppp"})
    void prefixedNamespaceAndUrlBaseResolveRelativeControlUrls(String base, String expected) throws Exception {
        Gateway g = gateway(Descriptions.prefixedWithUrlBase(base.strip()));
        assertThat(g.serviceType().urn()).isEqualTo("urn:schemas-upnp-org:service:WANPPPConnection:1");
        assertThat(g.controlUrl()).isEqualTo(URI.create(expected));
        assertThat(g.friendlyName()).isEqualTo("Prefixed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "http://192.168.77.1:5000/abs/ctl, http://192.168.77.1:5000/abs/ctl",
        "http://192.168.77.1:6000/other-port, http://192.168.77.1:6000/other-port",
        "/a/../b/ctl, http://192.168.77.1:5000/b/ctl",
        "ctl, http://192.168.77.1:5000/ctl",
        "/ctl?x=1, http://192.168.77.1:5000/ctl?x=1"})
    void absoluteAndRelativeControlUrls(String control, String expected) throws Exception {
        Gateway g = gateway(Descriptions.withService("urn:schemas-upnp-org:service:WANIPConnection:1", control));
        assertThat(g.controlUrl()).isEqualTo(URI.create(expected));
    }

    @Test
    void controlUrlOnAnotherHostIsRefused() {
        assertThat(failure(Descriptions.withService("urn:schemas-upnp-org:service:WANIPConnection:1",
                "http://10.9.9.9/ctl"))).isEqualTo(Kind.MALFORMED);
        assertThat(failure(Descriptions.prefixedWithUrlBase("http://198.51.100.7:80/"))).isEqualTo(Kind.MALFORMED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1",
        "urn:schemas-upnp-org:service:Layer3Forwarding:1",
        "urn:example-com:service:WANIPConnection:1",
        "WANIPConnection",
        "urn:schemas-upnp-org:device:WANIPConnection:1"})
    void withoutAConnectionServiceTheGatewayIsUnsupported(String type) {
        assertThat(failure(Descriptions.withService(type, "/ctl"))).isEqualTo(Kind.UNSUPPORTED);
    }

    @Test
    void emptyControlUrlIsNotChosen() {
        assertThat(failure(Descriptions.withService("urn:schemas-upnp-org:service:WANIPConnection:1", " ")))
                .isEqualTo(Kind.UNSUPPORTED);
    }

    @Test
    void laterVersionsOfWanIpConnectionCountAsVersion2() throws Exception {
        Gateway g = gateway(Descriptions.withService("urn:schemas-upnp-org:service:WANIPConnection:3", "/c"));
        assertThat(g.isIgd2()).isTrue();
    }

    @Test
    void hostileAndBrokenDocumentsAreMalformed() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE root [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <root><device><friendlyName>&x;</friendlyName></device></root>""";
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE root [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
                <root><device><friendlyName>&b;</friendlyName></device></root>""";
        assertThat(failure(xxe)).isEqualTo(Kind.MALFORMED);
        assertThat(failure(laughs)).isEqualTo(Kind.MALFORMED);
        assertThat(failure("<html><body>router login</body></html>")).isEqualTo(Kind.MALFORMED);
        assertThat(failure("<root><specVersion/></root>")).isEqualTo(Kind.MALFORMED);
        assertThat(failure("<root><device>")).isEqualTo(Kind.MALFORMED);
        assertThat(failure("")).isEqualTo(Kind.MALFORMED);
        assertThat(failure("<root>" + "<a>".repeat(100) + "</a>".repeat(100) + "</root>")).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void deviceTextIsClippedAndEscaped() throws Exception {
        String name = "x".repeat(500);
        Gateway g = gateway(Descriptions.withService("urn:schemas-upnp-org:service:WANIPConnection:1", "/c")
                .replace("<friendlyName>One</friendlyName>", "<friendlyName>a&#9;b" + name + "</friendlyName>"));
        assertThat(g.friendlyName()).startsWith("a\\x09b").endsWith("...").hasSizeLessThan(220);
    }

    @Test
    void resolveTreatsAnEmptyBasePathAsRoot() throws Exception {
        assertThat(DescriptionParser.resolve(URI.create("http://10.0.0.1:80"), "a/b"))
                .isEqualTo(URI.create("http://10.0.0.1:80/a/b"));
        assertThatThrownBy(() -> DescriptionParser.resolve(LOCATION, "http://[bad"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
    }
}
