package org.portcullis.upnp.ssdp.codec;

/**
 * Hard bounds applied by {@link SsdpDecoder}. Every datagram is checked against all of them before any value is
 * built.
 *
 * <table>
 * <caption>Limits and defaults</caption>
 * <tr><th>Limit</th><th>Default</th><th>Meaning</th></tr>
 * <tr><td>{@code maxDatagramBytes}</td><td>{@value #DEFAULT_MAX_DATAGRAM_BYTES}</td>
 *     <td>whole datagram: start line, headers and the terminating empty line</td></tr>
 * <tr><td>{@code maxLineBytes}</td><td>{@value #DEFAULT_MAX_LINE_BYTES}</td>
 *     <td>one line without its CRLF</td></tr>
 * <tr><td>{@code maxHeaders}</td><td>{@value #DEFAULT_MAX_HEADERS}</td><td>header lines per message</td></tr>
 * </table>
 *
 * @param maxDatagramBytes largest accepted datagram, 64..65507
 * @param maxLineBytes     longest accepted line, 32..maxDatagramBytes
 * @param maxHeaders       most header lines, 1..256
 */
public record SsdpLimits(int maxDatagramBytes, int maxLineBytes, int maxHeaders) {
    /** Default datagram cap; real SSDP messages are well under 1500 bytes, responses with long URLs included. */
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 8192;
    /** Default line cap. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1024;
    /** Default header count cap. */
    public static final int DEFAULT_MAX_HEADERS = 32;

    /** The default limits. */
    public static final SsdpLimits DEFAULT =
            new SsdpLimits(DEFAULT_MAX_DATAGRAM_BYTES, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_HEADERS);

    public SsdpLimits {
        if (maxDatagramBytes < 64 || maxDatagramBytes > 65507) {
            throw new IllegalArgumentException("maxDatagramBytes out of range 64..65507: " + maxDatagramBytes);
        }
        if (maxLineBytes < 32 || maxLineBytes > maxDatagramBytes) {
            throw new IllegalArgumentException("maxLineBytes out of range 32..maxDatagramBytes: " + maxLineBytes);
        }
        if (maxHeaders < 1 || maxHeaders > 256) {
            throw new IllegalArgumentException("maxHeaders out of range 1..256: " + maxHeaders);
        }
    }
}
