package org.portcullis.upnp.gena.codec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.portcullis.upnp.gena.Sid;

/**
 * GENA header values (UDA 1.1 §4.1, §4.3). Every parser is bounded and either returns a value or throws
 * {@link GenaDecodingException}; nothing else escapes for any input string.
 *
 * <ul>
 *   <li>{@code CALLBACK: <http://192.168.1.20:49152/evt><http://...>}: each URL in angle brackets, optional
 *       whitespace between them; see {@link #parseCallback(String, int, int)}.</li>
 *   <li>{@code TIMEOUT: Second-1800} or {@code Second-infinite} (case-insensitive prefix).</li>
 *   <li>{@code SID: uuid:<36-character UUID>}.</li>
 *   <li>{@code NT: upnp:event}, {@code NTS: upnp:propchange}, {@code SEQ: <ui4>}.</li>
 * </ul>
 */
public final class GenaHeaders {
    public static final String NT_EVENT = "upnp:event";
    public static final String NTS_PROPCHANGE = "upnp:propchange";
    /** The largest event key; the one after it is 1 (0 is reserved for the initial event). */
    public static final long MAX_SEQ = 0xFFFF_FFFFL;
    private static final int MAX_DIGITS = 20;

    private GenaHeaders() {}

    /**
     * Parses a CALLBACK value into its URLs, in order. Each URL must be {@code http://} (any case), at most
     * {@code maxLength} characters, without user info, with a host and a port in 1..65535 (80 when absent).
     * Whether the host is acceptable (literal IP, subscriber's address) is the publisher's policy, not syntax.
     *
     * @throws GenaDecodingException MALFORMED (no brackets, empty), TOO_MANY (more than {@code maxUrls}),
     *                               TOO_LONG, BAD_URL
     */
    public static List<URI> parseCallback(String value, int maxUrls, int maxLength) throws GenaDecodingException {
        List<URI> urls = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (true) {
            while (i < n && isSpace(value.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            if (value.charAt(i) != '<') {
                throw new GenaDecodingException(GenaDecodingException.Reason.MALFORMED, "CALLBACK URL not in <>");
            }
            int end = value.indexOf('>', i + 1);
            if (end < 0) {
                throw new GenaDecodingException(GenaDecodingException.Reason.MALFORMED, "CALLBACK without '>'");
            }
            if (urls.size() == maxUrls) {
                throw new GenaDecodingException(GenaDecodingException.Reason.TOO_MANY,
                        "more than " + maxUrls + " CALLBACK URLs");
            }
            if (end - i - 1 > maxLength) {
                throw new GenaDecodingException(GenaDecodingException.Reason.TOO_LONG,
                        "CALLBACK URL longer than " + maxLength);
            }
            urls.add(httpUrl(value.substring(i + 1, end)));
            i = end + 1;
        }
        if (urls.isEmpty()) {
            throw new GenaDecodingException(GenaDecodingException.Reason.MALFORMED, "empty CALLBACK");
        }
        return List.copyOf(urls);
    }

    private static URI httpUrl(String text) throws GenaDecodingException {
        if (!text.regionMatches(true, 0, "http://", 0, 7)) {
            throw new GenaDecodingException(GenaDecodingException.Reason.BAD_URL, "CALLBACK is not http://");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new GenaDecodingException(GenaDecodingException.Reason.BAD_URL, "CALLBACK URL syntax");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getPort() == 0 || uri.getPort() > 65535
                || uri.getPort() < -1) {
            throw new GenaDecodingException(GenaDecodingException.Reason.BAD_URL, "CALLBACK host or port");
        }
        return uri;
    }

    /**
     * Parses TIMEOUT: the requested seconds, or empty for {@code Second-infinite}.
     *
     * @throws GenaDecodingException MALFORMED for anything else (the publisher then grants its default)
     */
    public static OptionalLong parseTimeout(String value) throws GenaDecodingException {
        String v = value.trim();
        if (!v.regionMatches(true, 0, "Second-", 0, 7)) {
            throw new GenaDecodingException(GenaDecodingException.Reason.MALFORMED, "TIMEOUT without Second-");
        }
        String rest = v.substring(7);
        if (rest.equalsIgnoreCase("infinite")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(digits(rest, Long.MAX_VALUE, "TIMEOUT"));
    }

    /** Formats a granted timeout, {@code Second-<n>}. */
    public static String formatTimeout(long seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return "Second-" + seconds;
    }

    /** Parses SID, exactly {@code uuid:} and a 36-character UUID after trimming spaces. */
    public static Sid parseSid(String value) throws GenaDecodingException {
        try {
            return new Sid(value.trim());
        } catch (IllegalArgumentException e) {
            throw new GenaDecodingException(GenaDecodingException.Reason.MALFORMED, "SID is not uuid:<UUID>");
        }
    }

    /** Parses SEQ, an unsigned 32-bit decimal; leading zeros are ignored. */
    public static long parseSeq(String value) throws GenaDecodingException {
        return digits(value.trim(), MAX_SEQ, "SEQ");
    }

    /** The event key after {@code seq}: +1, and from {@value #MAX_SEQ} to 1 (UDA 1.1 §4.3.2). */
    public static long nextSeq(long seq) {
        if (seq < 0 || seq > MAX_SEQ) {
            throw new IllegalArgumentException("SEQ out of range: " + seq);
        }
        return seq == MAX_SEQ ? 1 : seq + 1;
    }

    /** Whether an NT value is {@code upnp:event} (surrounding spaces ignored). */
    public static boolean isEventNt(String value) {
        return value.trim().equals(NT_EVENT);
    }

    private static long digits(String s, long max, String what) throws GenaDecodingException {
        if (s.isEmpty() || s.length() > MAX_DIGITS) {
            throw new GenaDecodingException(GenaDecodingException.Reason.MALFORMED, what + " is not a number");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new GenaDecodingException(GenaDecodingException.Reason.MALFORMED, what + " is not a number");
            }
            if (v > (max - (c - '0')) / 10) {
                if (max == Long.MAX_VALUE) {
                    v = Long.MAX_VALUE;
                    continue;
                }
                throw new GenaDecodingException(GenaDecodingException.Reason.TOO_LONG, what + " out of range");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

}
