package org.portcullis.upnp.gena.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.gena.PropertySet;

class PropertySetCodecTest {
    private static PropertySet read(String xml) throws GenaDecodingException {
        return PropertySetReader.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesOnePropertyPerVariableWithUnqualifiedNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ExternalIPAddress", "203.0.113.7");
        m.put("PortMappingNumberOfEntries", "0");
        String xml = new String(PropertySetWriter.write(new PropertySet(m)), StandardCharsets.UTF_8);
        assertThat(xml).isEqualTo("<?xml version='1.0' encoding='utf-8'?>"
                + "<e:propertyset xmlns:e=\"urn:schemas-upnp-org:event-1-0\">"
                + "<e:property><ExternalIPAddress>203.0.113.7</ExternalIPAddress></e:property>"
                + "<e:property><PortMappingNumberOfEntries>0</PortMappingNumberOfEntries></e:property>"
                + "</e:propertyset>");
    }

    @Test
    void roundTripEscapesMarkup() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("A", "<x> & \"y\" 'z' ]]> \r\n\t");
        m.put("B", "");
        m.put("\u00e9t\u00e9", "\u4e2d\ud83d\ude00");
        PropertySet set = new PropertySet(m);
        assertThat(PropertySetReader.read(PropertySetWriter.write(set))).isEqualTo(set);
    }

    @Test
    void readsAnyPrefixWhitespaceCommentsAndCdata() throws Exception {
        PropertySet s = read("<?xml version=\"1.0\"?>\n<x:propertyset xmlns:x=\"urn:schemas-upnp-org:event-1-0\">\n"
                + "  <!-- c --><x:property>\n <Status><![CDATA[Up]]></Status>\n </x:property>\n"
                + "  <x:property><s:Count xmlns:s=\"urn:other\">3</s:Count></x:property>\n</x:propertyset>");
        assertThat(s.properties()).containsExactly(Map.entry("Status", "Up"), Map.entry("Count", "3"));
    }

    @Test
    void refusesForeignRootsMarkupAndXmlAttacks() {
        assertReason("<propertyset><property><A>1</A></property></propertyset>",
                GenaDecodingException.Reason.MALFORMED);
        assertReason("<e:propertyset xmlns:e=\"urn:schemas-upnp-org:event-1-0\"><e:property><A><b/></A>"
                + "</e:property></e:propertyset>", GenaDecodingException.Reason.MALFORMED);
        assertReason("<e:propertyset xmlns:e=\"urn:schemas-upnp-org:event-1-0\">text</e:propertyset>",
                GenaDecodingException.Reason.MALFORMED);
        assertReason("<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<e:propertyset xmlns:e=\"urn:schemas-upnp-org:event-1-0\"><e:property><A>&x;</A></e:property>"
                + "</e:propertyset>", GenaDecodingException.Reason.FORBIDDEN_XML);
        assertReason("<e:propertyset xmlns:e=\"urn:schemas-upnp-org:event-1-0\"><e:property><A>&x;</A>"
                + "</e:property></e:propertyset>", GenaDecodingException.Reason.FORBIDDEN_XML);
        assertReason("", GenaDecodingException.Reason.MALFORMED);
        assertReason("<e:propertyset xmlns:e=\"urn:schemas-upnp-org:event-1-0\"/>" + " ".repeat(17000),
                GenaDecodingException.Reason.TOO_LONG);
    }

    private static void assertReason(String xml, GenaDecodingException.Reason reason) {
        assertThatThrownBy(() -> read(xml)).isInstanceOf(GenaDecodingException.class)
                .satisfies(e -> assertThat(((GenaDecodingException) e).reason()).as(xml).isEqualTo(reason));
    }

    @Test
    void propertySetRefusesWhatXmlCannotCarry() {
        assertThatThrownBy(() -> new PropertySet(Map.of("a:b", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PropertySet(Map.of("1a", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PropertySet(Map.of("a", "\u0000"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PropertySet(Map.of("a", "\ud800"))).isInstanceOf(IllegalArgumentException.class);
    }
}
