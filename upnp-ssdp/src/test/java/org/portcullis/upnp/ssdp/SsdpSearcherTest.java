package org.portcullis.upnp.ssdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.internal.netty.DropCounters;

class SsdpSearcherTest {
    private static final InetSocketAddress FROM = new InetSocketAddress("192.168.1.1", 1900);
    private final DropCounters counters = new DropCounters();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesCompleteResponse() {
        assertThat(SsdpSearcher.parse(bytes("HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nUSN: uuid:x::upnp:rootdevice\r\n"
                + "LOCATION: http://192.168.1.1:5000/d.xml\r\nEXT:\r\n\r\n"), FROM, counters))
                .contains(new SearchResult("upnp:rootdevice", "uuid:x::upnp:rootdevice",
                        "http://192.168.1.1:5000/d.xml", "", FROM));
    }

    @Test
    void ignoresIncompleteAndOtherKinds() {
        assertThat(SsdpSearcher.parse(bytes("HTTP/1.1 200 OK\r\nST: a\r\nUSN: b\r\n\r\n"), FROM, counters)).isEmpty();
        assertThat(SsdpSearcher.parse(bytes("NOTIFY * HTTP/1.1\r\nNT: a\r\nUSN: b\r\nLOCATION: c\r\n\r\n"), FROM,
                counters)).isEmpty();
        assertThat(counters.snapshot()).isEmpty();
    }

    @Test
    void countsMalformed() {
        assertThat(SsdpSearcher.parse(bytes("HTTP/1.1 200 OK\nST: a\n\n"), FROM, counters)).isEmpty();
        assertThat(counters.get(SsdpAdvertiser.DROP_MALFORMED)).isEqualTo(1);
    }
}
