package org.portcullis.upnp.ssdp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portcullis.upnp.ssdp.codec.SsdpDecodingException.Reason;

class SsdpDecoderTest {
    private static SsdpMessage decode(String text) throws SsdpDecodingException {
        return SsdpDecoder.decode(text.getBytes(StandardCharsets.UTF_8), SsdpLimits.DEFAULT);
    }

    private static Reason reasonOf(String text, SsdpLimits limits) {
        try {
            SsdpDecoder.decode(text.getBytes(StandardCharsets.UTF_8), limits);
        } catch (SsdpDecodingException e) {
            return e.reason();
        }
        throw new AssertionError("decoded: " + text);
    }

    private static Reason reasonOf(String text) {
        return reasonOf(text, SsdpLimits.DEFAULT);
    }

    @Test
    void decodesMulticastSearch() throws Exception {
        SsdpMessage m = decode("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n"
                + "MX: 2\r\nST: ssdp:all\r\n\r\n");
        assertThat(m.kind()).isEqualTo(SsdpMessage.Kind.M_SEARCH);
        assertThat(m.startLine()).isEqualTo("M-SEARCH * HTTP/1.1");
        assertThat(m.headers()).containsExactly(Map.entry("host", "239.255.255.250:1900"),
                Map.entry("man", "\"ssdp:discover\""), Map.entry("mx", "2"), Map.entry("st", "ssdp:all"));
        assertThat(m.header("St")).contains("ssdp:all");
    }

    @Test
    void decodesNotifyAndTrimsValues() throws Exception {
        SsdpMessage m = decode("NOTIFY * HTTP/1.1\r\nNt:upnp:rootdevice  \r\nNTS: \t ssdp:byebye\r\n\r\n");
        assertThat(m.kind()).isEqualTo(SsdpMessage.Kind.NOTIFY);
        assertThat(m.header("NT")).contains("upnp:rootdevice");
        assertThat(m.header("nts")).contains("ssdp:byebye");
    }

    @Test
    void decodesResponseWithEmptyExtAndUtf8() throws Exception {
        SsdpMessage m = decode("HTTP/1.1 200 OK\r\nEXT:\r\nSERVER: Zürich/1 UPnP/1.1 x/1\r\n\r\n");
        assertThat(m.kind()).isEqualTo(SsdpMessage.Kind.RESPONSE);
        assertThat(m.header("EXT")).contains("");
        assertThat(m.header("server")).contains("Zürich/1 UPnP/1.1 x/1");
    }

    @Test
    void decodesFromByteBufWithoutConsumingIt() throws Exception {
        ByteBuf buf = Unpooled.copiedBuffer("xxNOTIFY * HTTP/1.1\r\nNT: a\r\n\r\n", StandardCharsets.US_ASCII);
        try {
            buf.skipBytes(2);
            SsdpMessage m = SsdpDecoder.decode(buf, SsdpLimits.DEFAULT);
            assertThat(m.header("NT")).contains("a");
            assertThat(buf.readerIndex()).isEqualTo(2);
        } finally {
            buf.release();
        }
    }

    @Test
    void headerlessMessageIsValid() throws Exception {
        assertThat(decode("M-SEARCH * HTTP/1.1\r\n\r\n").headers()).isEmpty();
    }

    @Test
    void encodesCanonicallyAndRoundTrips() throws Exception {
        SsdpMessage m = SsdpMessage.builder(SsdpMessage.Kind.RESPONSE)
                .header("Cache-Control", "max-age=1800").header("EXT", "").header("st", "upnp:rootdevice").build();
        String wire = new String(SsdpEncoder.encode(m), StandardCharsets.UTF_8);
        assertThat(wire).isEqualTo("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
                + "ST: upnp:rootdevice\r\n\r\n");
        assertThat(decode(wire)).isEqualTo(m);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                              | EMPTY",
        "'GET / HTTP/1.1\r\n\r\n'                        | BAD_START_LINE",
        "'m-search * HTTP/1.1\r\n\r\n'                   | BAD_START_LINE",
        "'HTTP/1.1 404 Not Found\r\n\r\n'                | BAD_START_LINE",
        "'NOTIFY * HTTP/1.1 \r\n\r\n'                    | BAD_START_LINE",
        "'NOTIFY * HTTP/1.1\nNT: a\n\n'                  | BAD_LINE_ENDING",
        "'NOTIFY * HTTP/1.1\r\nNT: a\rb\r\n\r\n'         | BAD_LINE_ENDING",
        "'NOTIFY * HTTP/1.1\r\nNT: a\r\n\r'              | BAD_LINE_ENDING",
        "'NOTIFY * HTTP/1.1\r\nNT: a\r\n folded\r\n\r\n' | FOLDED_HEADER",
        "'NOTIFY * HTTP/1.1\r\nno colon\r\n\r\n'         | BAD_HEADER_NAME",
        "'NOTIFY * HTTP/1.1\r\n: empty\r\n\r\n'          | BAD_HEADER_NAME",
        "'NOTIFY * HTTP/1.1\r\nNT : a\r\n\r\n'           | BAD_HEADER_NAME",
        "'NOTIFY * HTTP/1.1\r\nN(T: a\r\n\r\n'           | BAD_HEADER_NAME",
        "'NOTIFY * HTTP/1.1\r\nNT: a\u007fb\r\n\r\n'     | BAD_HEADER_VALUE",
        "'NOTIFY * HTTP/1.1\r\nNT: a\r\nnt: b\r\n\r\n'   | DUPLICATE_HEADER",
        "'NOTIFY * HTTP/1.1\r\nNT: a\r\n'                | MISSING_END",
        "'NOTIFY * HTTP/1.1'                             | MISSING_END",
        "'NOTIFY * HTTP/1.1\r\nNT: a\r\n\r\nbody'        | TRAILING_DATA",
        "'NOTIFY * HTTP/1.1\r\n\r\n\r\n'                 | TRAILING_DATA",
    })
    void refusesMalformed(String text, Reason reason) {
        assertThat(reasonOf(text)).isEqualTo(reason);
    }

    @Test
    void refusesNul() {
        assertThat(reasonOf("NOTIFY * HTTP/1.1\r\nNT: a" + (char) 0 + "b\r\n\r\n")).isEqualTo(Reason.BAD_HEADER_VALUE);
        assertThat(reasonOf("NOTIFY * HTTP/1.1\r\nN" + (char) 0 + "T: ab\r\n\r\n")).isEqualTo(Reason.BAD_HEADER_NAME);
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] head = "NOTIFY * HTTP/1.1\r\nNT: ".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[head.length + 6];
        System.arraycopy(head, 0, data, 0, head.length);
        data[head.length] = (byte) 0xC3; // truncated two-byte sequence
        data[head.length + 1] = 'x';
        data[head.length + 2] = '\r';
        data[head.length + 3] = '\n';
        data[head.length + 4] = '\r';
        data[head.length + 5] = '\n';
        assertThatThrownBy(() -> SsdpDecoder.decode(data, SsdpLimits.DEFAULT))
                .isExactlyInstanceOf(SsdpDecodingException.class)
                .extracting(e -> ((SsdpDecodingException) e).reason()).isEqualTo(Reason.BAD_ENCODING);
    }

    @Test
    void datagramLimit() {
        SsdpLimits limits = new SsdpLimits(64, 64, 32);
        String ok = "NOTIFY * HTTP/1.1\r\nNT: " + "a".repeat(64 - 19 - 4 - 4) + "\r\n\r\n";
        assertThat(ok).hasSize(64);
        assertThat(reasonOf(ok + "x", limits)).isEqualTo(Reason.DATAGRAM_TOO_LONG);
        assertThat(reasonOf(ok.replace("NT: a", "NT:  a"), limits)).isEqualTo(Reason.DATAGRAM_TOO_LONG);
        ByteBuf big = Unpooled.wrappedBuffer(new byte[65]);
        assertThatThrownBy(() -> SsdpDecoder.decode(big, limits))
                .isExactlyInstanceOf(SsdpDecodingException.class)
                .extracting(e -> ((SsdpDecodingException) e).reason()).isEqualTo(Reason.DATAGRAM_TOO_LONG);
    }

    @Test
    void lineLimit() throws Exception {
        SsdpLimits limits = new SsdpLimits(4096, 40, 32);
        String line40 = "NT: " + "a".repeat(36);
        assertThat(SsdpDecoder.decode(("NOTIFY * HTTP/1.1\r\n" + line40 + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), limits).header("nt")).contains("a".repeat(36));
        assertThat(reasonOf("NOTIFY * HTTP/1.1\r\n" + line40 + "a\r\n\r\n", limits)).isEqualTo(Reason.LINE_TOO_LONG);
    }

    @Test
    void headerCountLimit() throws Exception {
        SsdpLimits limits = new SsdpLimits(4096, 1024, 3);
        assertThat(decode("NOTIFY * HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n").headers()).hasSize(3);
        assertThat(reasonOf("NOTIFY * HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits))
                .isEqualTo(Reason.TOO_MANY_HEADERS);
    }

    @Test
    void exceptionTextNeverCarriesInput() {
        String hostile = "NOTIFY * HTTP/1.1\r\nEVIL\u0001NAME: x\r\n\r\n";
        assertThatThrownBy(() -> decode(hostile)).isExactlyInstanceOf(SsdpDecodingException.class)
                .hasMessageNotContaining("EVIL");
    }

    @Test
    void messageValidation() {
        assertThatThrownBy(() -> SsdpMessage.builder(SsdpMessage.Kind.NOTIFY).header("NT", "a").header("nt", "b"))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SsdpMessage(SsdpMessage.Kind.NOTIFY, Map.of("a b", "x")))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SsdpMessage(SsdpMessage.Kind.NOTIFY, Map.of("a", " x")))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SsdpMessage(SsdpMessage.Kind.NOTIFY, Map.of("a", "x\r\ny: z")))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SsdpMessage(SsdpMessage.Kind.NOTIFY, Map.of("a", "\ud800")))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SsdpLimits(63, 32, 1)).isExactlyInstanceOf(IllegalArgumentException.class);
    }
}
