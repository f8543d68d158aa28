package org.portcullis.upnp.ssdp.codec;

import java.util.Objects;

/**
 * A datagram that is not a valid SSDP message under the {@link SsdpLimits} in force. The message text never
 * contains input bytes, so it is safe to log.
 */
public final class SsdpDecodingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a datagram was refused. */
    public enum Reason {
        /** No bytes. */
        EMPTY,
        /** Longer than {@link SsdpLimits#maxDatagramBytes()}. */
        DATAGRAM_TOO_LONG,
        /** A line longer than {@link SsdpLimits#maxLineBytes()}. */
        LINE_TOO_LONG,
        /** More than {@link SsdpLimits#maxHeaders()} header lines. */
        TOO_MANY_HEADERS,
        /** A CR not followed by LF, or a bare LF: lines must end in CRLF. */
        BAD_LINE_ENDING,
        /** The start line is none of the three SSDP start lines. */
        BAD_START_LINE,
        /** A header line starts with whitespace (obsolete line folding). */
        FOLDED_HEADER,
        /** A header line without a colon, or a name that is empty or not a token. */
        BAD_HEADER_NAME,
        /** A header value with a control character. */
        BAD_HEADER_VALUE,
        /** A header value that is not valid UTF-8. */
        BAD_ENCODING,
        /** The same header name twice (compared case-insensitively). */
        DUPLICATE_HEADER,
        /** The datagram ends before the empty line that ends the header section. */
        MISSING_END,
        /** Bytes after the empty line: SSDP messages have no body. */
        TRAILING_DATA
    }

    private final Reason reason;

    public SsdpDecodingException(Reason reason, String message) {
        super(reason + ": " + message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the datagram was refused. */
    public Reason reason() {
        return reason;
    }
}
