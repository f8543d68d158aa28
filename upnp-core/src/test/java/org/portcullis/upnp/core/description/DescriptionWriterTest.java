package org.portcullis.upnp.core.description;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The device description and SCPD documents: namespaced, well formed, escaped, in the order UDA requires. */
class DescriptionWriterTest {
    private static final UpnpType ROOT = UpnpType.parse("urn:schemas-upnp-org:device:InternetGatewayDevice:1");
    private static final UpnpType SVC = UpnpType.parse("urn:schemas-upnp-org:service:Layer3Forwarding:1");

    private static Scpd scpd() {
        return new Scpd(
                List.of(new Action("GetThing", List.of(
                        Argument.in("NewIndex", "Index"), Argument.out("NewKind", "Kind")))),
                List.of(StateVariable.withRange("Index", DataType.UI2, false, 0, 100),
                        StateVariable.withValues("Kind", true, "TCP", "UDP")));
    }

    private static DeviceDescription device() {
        ServiceDescription s = new ServiceDescription(SVC, "urn:upnp-org:serviceId:L3Forwarding1", "/L3F.xml",
                "/ctl/L3F", "/evt/L3F", scpd());
        DeviceDescription child = DeviceDescription.builder(
                        UpnpType.parse("urn:schemas-upnp-org:device:WANDevice:1"), Udn.derived("child"))
                .friendlyName("WAN").manufacturer("m").modelName("x").build();
        return DeviceDescription.builder(ROOT, Udn.derived("root"))
                .friendlyName("Tom & Jerry's <router>")
                .manufacturer("Portcullis").modelName("IGD").presentationUrl("/")
                .service(s).device(child).build();
    }

    @Test
    void deviceDescriptionIsNamespacedAndEscaped() throws Exception {
        String xml = DescriptionWriter.uda10().deviceDescription(device());
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("root");
        assertThat(root.getNamespaceURI()).isEqualTo(DescriptionWriter.DEVICE_NS);
        assertThat(text(doc, "major")).isEqualTo("1");
        assertThat(text(doc, "minor")).isEqualTo("0");
        assertThat(text(doc, "friendlyName")).isEqualTo("Tom & Jerry's <router>");
        assertThat(text(doc, "deviceType")).isEqualTo(ROOT.urn());
        assertThat(text(doc, "UDN")).isEqualTo(Udn.derived("root").toString());
        assertThat(text(doc, "serviceType")).isEqualTo(SVC.urn());
        assertThat(text(doc, "SCPDURL")).isEqualTo("/L3F.xml");
        assertThat(text(doc, "controlURL")).isEqualTo("/ctl/L3F");
        assertThat(text(doc, "eventSubURL")).isEqualTo("/evt/L3F");
        assertThat(doc.getElementsByTagNameNS(DescriptionWriter.DEVICE_NS, "deviceList").getLength()).isEqualTo(1);
        assertThat(xml).doesNotContain("<!DOCTYPE").doesNotContain("URLBase");
    }

    @Test
    void scpdListsActionsArgumentsAndVariables() throws Exception {
        Document doc = parse(DescriptionWriter.uda10().scpd(scpd()));
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(DescriptionWriter.SERVICE_NS);
        assertThat(doc.getElementsByTagNameNS("*", "argument").getLength()).isEqualTo(2);
        assertThat(text(doc, "direction")).isEqualTo("in");
        assertThat(text(doc, "relatedStateVariable")).isEqualTo("Index");
        Element first = (Element) doc.getElementsByTagNameNS("*", "stateVariable").item(0);
        assertThat(first.getAttribute("sendEvents")).isEqualTo("no");
        Element second = (Element) doc.getElementsByTagNameNS("*", "stateVariable").item(1);
        assertThat(second.getAttribute("sendEvents")).isEqualTo("yes");
        assertThat(text(doc, "maximum")).isEqualTo("100");
        assertThat(doc.getElementsByTagNameNS("*", "allowedValue").getLength()).isEqualTo(2);
        assertThat(text(doc, "dataType")).isEqualTo("ui2");
    }

    @Test
    void actionsMustListInArgumentsBeforeOutArguments() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Action("Bad",
                        List.of(Argument.out("A", "X"), Argument.in("B", "X"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document doc, String localName) {
        return doc.getElementsByTagNameNS("*", localName).item(0).getTextContent();
    }
}
