package org.portcullis.upnp.ssdp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link SsdpMessage}: the start line, one {@code NAME: value} line per header in the message's order
 * with the name in upper case (as UDA examples and most peers write them), and the empty line, all with CRLF.
 * Values are UTF-8. Stateless and thread-safe.
 */
public final class SsdpEncoder {
    private SsdpEncoder() {}

    /** The wire bytes of {@code message}. */
    public static byte[] encode(SsdpMessage message) {
        StringBuilder b = new StringBuilder(256);
        b.append(message.startLine()).append("\r\n");
        for (Map.Entry<String, String> h : message.headers().entrySet()) {
            b.append(h.getKey().toUpperCase(Locale.ROOT)).append(':');
            if (!h.getValue().isEmpty()) {
                b.append(' ').append(h.getValue());
            }
            b.append("\r\n");
        }
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
