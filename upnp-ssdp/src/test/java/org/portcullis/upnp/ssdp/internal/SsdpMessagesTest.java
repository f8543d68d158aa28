package org.portcullis.upnp.ssdp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.ssdp.codec.SsdpEncoder;

class SsdpMessagesTest {
    private final SsdpMessages messages = new SsdpMessages("239.255.255.250:1900",
            "http://192.168.1.1:5000/rootDesc.xml", "Linux/5 UPnP/1.0 Portcullis/0.1", 1800, 1764230400, 1);
    private final Notification root = new Notification("upnp:rootdevice",
            "uuid:11111111-2222-3333-4444-555555555555::upnp:rootdevice");

    private static String wire(org.portcullis.upnp.ssdp.codec.SsdpMessage m) {
        return new String(SsdpEncoder.encode(m), StandardCharsets.UTF_8);
    }

    @Test
    void alive() {
        assertThat(wire(messages.alive(root))).isEqualTo("NOTIFY * HTTP/1.1\r\n"
                + "HOST: 239.255.255.250:1900\r\n"
                + "CACHE-CONTROL: max-age=1800\r\n"
                + "LOCATION: http://192.168.1.1:5000/rootDesc.xml\r\n"
                + "NT: upnp:rootdevice\r\n"
                + "NTS: ssdp:alive\r\n"
                + "SERVER: Linux/5 UPnP/1.0 Portcullis/0.1\r\n"
                + "USN: uuid:11111111-2222-3333-4444-555555555555::upnp:rootdevice\r\n"
                + "BOOTID.UPNP.ORG: 1764230400\r\n"
                + "CONFIGID.UPNP.ORG: 1\r\n\r\n");
    }

    @Test
    void byebyeHasNoLocationCacheControlOrServer() {
        assertThat(wire(messages.byebye(root))).isEqualTo("NOTIFY * HTTP/1.1\r\n"
                + "HOST: 239.255.255.250:1900\r\n"
                + "NT: upnp:rootdevice\r\n"
                + "NTS: ssdp:byebye\r\n"
                + "USN: uuid:11111111-2222-3333-4444-555555555555::upnp:rootdevice\r\n"
                + "BOOTID.UPNP.ORG: 1764230400\r\n"
                + "CONFIGID.UPNP.ORG: 1\r\n\r\n");
    }

    @Test
    void responseDateIsRfc1123InGmtWithTwoDigitDay() {
        ZonedDateTime t = ZonedDateTime.of(2026, 3, 1, 1, 2, 3, 0, ZoneId.of("Europe/Berlin"));
        assertThat(messages.response(root, t).header("DATE")).contains("Sun, 01 Mar 2026 00:02:03 GMT");
        assertThat(wire(messages.response(root, t))).contains("\r\nEXT:\r\n", "\r\nST: upnp:rootdevice\r\n");
    }

    @Test
    void updateCarriesNextBootIdAboveBootId() {
        assertThat(wire(messages.update(root, 1764230401))).contains("NTS: ssdp:update\r\n",
                "LOCATION: http://192.168.1.1:5000/rootDesc.xml\r\n", "BOOTID.UPNP.ORG: 1764230400\r\n",
                "NEXTBOOTID.UPNP.ORG: 1764230401\r\n").doesNotContain("CACHE-CONTROL", "SERVER");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> messages.update(root, 1764230400))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(messages.withBootId(5).alive(root).header("BOOTID.UPNP.ORG")).contains("5");
    }

    @Test
    void searchPortOnlyWhenNot1900AndNeverInByebye() {
        SsdpMessages other = new SsdpMessages("239.255.255.250:1900", "http://192.168.1.1:5000/d.xml", "a/1 UPnP/1.1 b/1",
                1800, 1, 1, 50000);
        assertThat(other.alive(root).header("SEARCHPORT.UPNP.ORG")).contains("50000");
        assertThat(other.response(root, ZonedDateTime.now()).header("SEARCHPORT.UPNP.ORG")).contains("50000");
        assertThat(other.byebye(root).header("SEARCHPORT.UPNP.ORG")).isEmpty();
        assertThat(messages.alive(root).header("SEARCHPORT.UPNP.ORG")).isEmpty();
    }

    @Test
    void ipv6HostsAreBracketedInRfc5952Form() throws Exception {
        assertThat(NetworkInterfaces.uriHost(java.net.InetAddress.getByName("ff02:0:0:0:0:0:0:c"))).isEqualTo("[ff02::c]");
        assertThat(NetworkInterfaces.uriHost(java.net.InetAddress.getByName("fd77:0:0:1:0:0:0:1"))).isEqualTo("[fd77:0:0:1::1]");
        assertThat(NetworkInterfaces.uriHost(java.net.InetAddress.getByName("fd77:1:2:3:4:5:6:7"))).isEqualTo("[fd77:1:2:3:4:5:6:7]");
        assertThat(NetworkInterfaces.uriHost(java.net.InetAddress.getByName("192.168.1.1"))).isEqualTo("192.168.1.1");
    }
}
