package org.portcullis.upnp.ssdp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Objects;
import org.portcullis.upnp.ssdp.codec.SsdpDecodingException.Reason;

/**
 * Strict, bounded SSDP decoder. Stateless and thread-safe.
 *
 * <p>Accepted input, and the choices made where the specifications leave room:
 * <ul>
 *   <li>The start line is exactly {@code M-SEARCH * HTTP/1.1}, {@code NOTIFY * HTTP/1.1} or
 *       {@code HTTP/1.1 200 OK}; anything else is {@link Reason#BAD_START_LINE}.</li>
 *   <li>Every line ends in CRLF. A bare LF or a lone CR is {@link Reason#BAD_LINE_ENDING}: accepting both
 *       terminators is how request smuggling starts in HTTP, and every peer tested sends CRLF.</li>
 *   <li>Header names are tokens with no whitespace before the colon; values lose surrounding spaces and tabs, may
 *       be empty, must be UTF-8 and contain no control character but HTAB. Folded lines are refused.</li>
 *   <li>A repeated header name (case-insensitive) is {@link Reason#DUPLICATE_HEADER}: two {@code ST} or
 *       {@code LOCATION} values leave no safe interpretation.</li>
 *   <li>The header section ends with an empty line and nothing follows it (SSDP has no body).</li>
 *   <li>Every size is checked against {@link SsdpLimits} before any string is built.</li>
 * </ul>
 */
public final class SsdpDecoder {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private SsdpDecoder() {}

    /** Decodes the readable bytes of {@code buf}; neither moves its reader index nor releases it. */
    public static SsdpMessage decode(ByteBuf buf, SsdpLimits limits) throws SsdpDecodingException {
        Objects.requireNonNull(limits, "limits");
        int n = buf.readableBytes();
        if (n > limits.maxDatagramBytes()) {
            throw new SsdpDecodingException(Reason.DATAGRAM_TOO_LONG, n + " bytes");
        }
        return decode(ByteBufUtil.getBytes(buf, buf.readerIndex(), n, false), limits);
    }

    /** Decodes one whole datagram. */
    public static SsdpMessage decode(byte[] data, SsdpLimits limits) throws SsdpDecodingException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(limits, "limits");
        if (data.length == 0) {
            throw new SsdpDecodingException(Reason.EMPTY, "no bytes");
        }
        if (data.length > limits.maxDatagramBytes()) {
            throw new SsdpDecodingException(Reason.DATAGRAM_TOO_LONG, data.length + " bytes");
        }
        int pos = 0;
        int end = lineEnd(data, pos, limits);
        SsdpMessage.Kind kind = startLine(data, pos, end);
        pos = end + 2;
        LinkedHashMap<String, String> headers = new LinkedHashMap<>();
        while (true) {
            end = lineEnd(data, pos, limits);
            if (end == pos) {
                break;
            }
            if (headers.size() == limits.maxHeaders()) {
                throw new SsdpDecodingException(Reason.TOO_MANY_HEADERS, "more than " + limits.maxHeaders());
            }
            header(data, pos, end, headers);
            pos = end + 2;
        }
        if (end + 2 != data.length) {
            throw new SsdpDecodingException(Reason.TRAILING_DATA, (data.length - end - 2) + " bytes after headers");
        }
        return new SsdpMessage(kind, headers);
    }

    /** Index of the CR of the CRLF ending the line at {@code from}. */
    private static int lineEnd(byte[] data, int from, SsdpLimits limits) throws SsdpDecodingException {
        for (int i = from; i < data.length; i++) {
            byte b = data[i];
            if (b == CR) {
                if (i + 1 < data.length && data[i + 1] == LF) {
                    return i;
                }
                throw new SsdpDecodingException(Reason.BAD_LINE_ENDING, "CR without LF");
            }
            if (b == LF) {
                throw new SsdpDecodingException(Reason.BAD_LINE_ENDING, "LF without CR");
            }
            if (i - from >= limits.maxLineBytes()) {
                throw new SsdpDecodingException(Reason.LINE_TOO_LONG, "over " + limits.maxLineBytes() + " bytes");
            }
        }
        throw new SsdpDecodingException(Reason.MISSING_END, "no empty line before the end of the datagram");
    }

    private static SsdpMessage.Kind startLine(byte[] data, int from, int end) throws SsdpDecodingException {
        for (SsdpMessage.Kind k : SsdpMessage.Kind.values()) {
            String s = k.startLine();
            if (end - from == s.length() && matchesAscii(data, from, s)) {
                return k;
            }
        }
        throw new SsdpDecodingException(Reason.BAD_START_LINE, "not an SSDP start line");
    }

    private static boolean matchesAscii(byte[] data, int from, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (data[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void header(byte[] data, int from, int end, LinkedHashMap<String, String> headers)
            throws SsdpDecodingException {
        if (SsdpSyntax.isWhitespace(data[from])) {
            throw new SsdpDecodingException(Reason.FOLDED_HEADER, "line starts with whitespace");
        }
        int colon = from;
        while (colon < end && data[colon] != ':') {
            if (!SsdpSyntax.isTchar(data[colon] & 0xFF)) {
                throw new SsdpDecodingException(Reason.BAD_HEADER_NAME, "name is not a token");
            }
            colon++;
        }
        if (colon == end || colon == from) {
            throw new SsdpDecodingException(Reason.BAD_HEADER_NAME, colon == end ? "no colon" : "empty name");
        }
        String name = new String(data, from, colon - from, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        int vs = colon + 1;
        int ve = end;
        while (vs < ve && SsdpSyntax.isWhitespace(data[vs])) {
            vs++;
        }
        while (ve > vs && SsdpSyntax.isWhitespace(data[ve - 1])) {
            ve--;
        }
        boolean ascii = true;
        for (int i = vs; i < ve; i++) {
            int c = data[i] & 0xFF;
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new SsdpDecodingException(Reason.BAD_HEADER_VALUE, "control character in a value");
            }
            ascii &= c < 0x80;
        }
        String value = ascii ? new String(data, vs, ve - vs, StandardCharsets.US_ASCII) : utf8(data, vs, ve);
        if (headers.putIfAbsent(name, value) != null) {
            throw new SsdpDecodingException(Reason.DUPLICATE_HEADER, "repeated header name");
        }
    }

    private static String utf8(byte[] data, int from, int to) throws SsdpDecodingException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SsdpDecodingException(Reason.BAD_ENCODING, "header value is not UTF-8");
        }
    }
}
