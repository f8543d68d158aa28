package org.portcullis.upnp.core.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One complete HTTP request as routes see it: the server has already applied the LAN-only rule and every size limit,
 * so the body is bounded by {@link HttpLimits#maxBodyBytes()}.
 *
 * @param method  the request method, upper case as received (e.g. {@code GET}, {@code POST})
 * @param path    the request path without query string
 * @param headers header values by lower-case name, in arrival order
 * @param body    the request body (copied; may be empty)
 * @param remote  the peer's address
 * @param local   the local address the request arrived on
 */
public record UpnpHttpRequest(
        String method,
        String path,
        Map<String, List<String>> headers,
        byte[] body,
        InetSocketAddress remote,
        InetSocketAddress local) {
    public UpnpHttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(local, "local");
        TreeMap<String, List<String>> h = new TreeMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(h);
        body = body.clone();
    }

    /** The first value of a header (name is case-insensitive). */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Body length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpnpHttpRequest r && method.equals(r.method) && path.equals(r.path)
                && headers.equals(r.headers) && java.util.Arrays.equals(body, r.body) && remote.equals(r.remote)
                && local.equals(r.local);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, headers, java.util.Arrays.hashCode(body), remote, local);
    }

    @Override
    public String toString() {
        return "UpnpHttpRequest[" + method + ' ' + path + " from " + remote + ", " + body.length + " bytes]";
    }
}
