package org.portcullis.upnp.ssdp.codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One SSDP datagram: a fixed start line chosen by {@link #kind()} and an ordered set of headers. SSDP messages have
 * no body.
 *
 * <p>Header names are HTTP tokens, stored in lower case (names are case-insensitive on the wire, UDA 1.1 §1.1.2);
 * each name appears at most once. Values are stored without surrounding whitespace; they may be empty
 * ({@code EXT:}) and may not contain control characters other than horizontal tab. The map keeps insertion order,
 * which is the order on the wire; {@link #equals} compares header maps as maps (order-insensitive).
 *
 * <pre>{@code
 * SsdpMessage search = SsdpMessage.builder(SsdpMessage.Kind.M_SEARCH)
 *         .header("HOST", "239.255.255.250:1900")
 *         .header("MAN", "\"ssdp:discover\"")
 *         .header("MX", "2")
 *         .header("ST", "ssdp:all")
 *         .build();
 * }</pre>
 *
 * @param kind    the message kind, which fixes the start line
 * @param headers header values by lower-case name, in wire order; copied and unmodifiable
 * @throws IllegalArgumentException if a name is not a token, two names differ only in case, or a value is invalid
 */
public record SsdpMessage(Kind kind, Map<String, String> headers) {

    /** The three SSDP message kinds and their start lines. */
    public enum Kind {
        /** {@code NOTIFY * HTTP/1.1}: ssdp:alive, ssdp:byebye, ssdp:update. */
        NOTIFY("NOTIFY * HTTP/1.1"),
        /** {@code M-SEARCH * HTTP/1.1}: a search request. */
        M_SEARCH("M-SEARCH * HTTP/1.1"),
        /** {@code HTTP/1.1 200 OK}: a search response. */
        RESPONSE("HTTP/1.1 200 OK");

        private final String startLine;

        Kind(String startLine) {
            this.startLine = startLine;
        }

        /** The exact start line, without CRLF. */
        public String startLine() {
            return startLine;
        }
    }

    public SsdpMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(headers, "headers");
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "header name");
            String value = Objects.requireNonNull(e.getValue(), "header value");
            if (!SsdpSyntax.isToken(name)) {
                throw new IllegalArgumentException("header name is not a token");
            }
            if (!SsdpSyntax.isValidValue(value)) {
                throw new IllegalArgumentException("invalid value for header " + name);
            }
            if (copy.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
                throw new IllegalArgumentException("duplicate header " + name);
            }
        }
        headers = Collections.unmodifiableMap(copy);
    }

    /** A builder for a message of the given kind. */
    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    /** The start line, e.g. {@code M-SEARCH * HTTP/1.1}. */
    public String startLine() {
        return kind.startLine();
    }

    /** The value of a header, looked up case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Builds a {@link SsdpMessage}; not thread-safe. */
    public static final class Builder {
        private final Kind kind;
        private final LinkedHashMap<String, String> headers = new LinkedHashMap<>();

        private Builder(Kind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        /**
         * Adds a header; the name is stored in lower case.
         *
         * @throws IllegalArgumentException if the header is already present (names compare case-insensitively)
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (headers.putIfAbsent(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(value, "value")) != null) {
                throw new IllegalArgumentException("duplicate header " + name);
            }
            return this;
        }

        /** Validates and builds the message. */
        public SsdpMessage build() {
            return new SsdpMessage(kind, headers);
        }
    }
}
