package org.portcullis.upnp.core.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A complete HTTP response produced by a route. The server adds {@code Content-Length}, {@code Date},
 * {@code SERVER} and connection headers.
 *
 * @param status      HTTP status code (100..599)
 * @param contentType the {@code Content-Type}, or empty for none
 * @param headers     extra headers
 * @param body        the body (copied)
 */
public record UpnpHttpResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    /** {@code text/xml; charset="utf-8"}, the UDA form for descriptions and SOAP. */
    public static final String TEXT_XML = "text/xml; charset=\"utf-8\"";

    public UpnpHttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body.clone();
    }

    /** A response with a UTF-8 text body. */
    public static UpnpHttpResponse text(int status, String contentType, String body) {
        return new UpnpHttpResponse(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** An empty-bodied response with only a status. */
    public static UpnpHttpResponse status(int status) {
        return new UpnpHttpResponse(status, "", Map.of(), new byte[0]);
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpnpHttpResponse r && status == r.status && contentType.equals(r.contentType)
                && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, contentType, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "UpnpHttpResponse[" + status + ", " + body.length + " bytes]";
    }
}
