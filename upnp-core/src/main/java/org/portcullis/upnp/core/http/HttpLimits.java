package org.portcullis.upnp.core.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Size and time limits of the LAN HTTP server. Over a limit the request is answered with the status below and the
 * connection is closed.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>field</th><th>default</th><th>over the limit</th></tr>
 *   <tr><td>{@code maxInitialLineBytes}</td><td>{@value #DEFAULT_MAX_INITIAL_LINE_BYTES}</td><td>414</td></tr>
 *   <tr><td>{@code maxHeaderBytes}</td><td>{@value #DEFAULT_MAX_HEADER_BYTES}</td><td>431</td></tr>
 *   <tr><td>{@code maxHeaderCount}</td><td>{@value #DEFAULT_MAX_HEADER_COUNT}</td><td>431</td></tr>
 *   <tr><td>{@code maxBodyBytes}</td><td>{@value #DEFAULT_MAX_BODY_BYTES}</td><td>413 (411 for a POST with
 *       neither {@code Content-Length} nor chunked encoding)</td></tr>
 *   <tr><td>{@code readTimeout}: from a request's first byte to its last</td>
 *       <td>{@value #DEFAULT_READ_TIMEOUT_SECONDS} s</td><td>408</td></tr>
 *   <tr><td>{@code idleTimeout}: a connection with no request in progress</td>
 *       <td>{@value #DEFAULT_IDLE_TIMEOUT_SECONDS} s</td><td>close</td></tr>
 *   <tr><td>{@code maxConnections}</td><td>{@value #DEFAULT_MAX_CONNECTIONS}</td><td>close at accept</td></tr>
 *   <tr><td>{@code maxConnectionsPerSource}</td><td>{@value #DEFAULT_MAX_CONNECTIONS_PER_SOURCE}</td>
 *       <td>close at accept</td></tr>
 * </table>
 *
 * @param maxInitialLineBytes     bound on the request line
 * @param maxHeaderBytes          bound on all header lines together
 * @param maxBodyBytes            bound on the (de-chunked) body; a few KiB fits every IGD action
 * @param readTimeout             time to receive one complete request once its first byte arrived (bounds slowloris,
 *                                which a per-read timer does not: each trickled byte would reset it)
 * @param maxConnections          total concurrent connections
 * @param maxConnectionsPerSource concurrent connections from one source address
 * @param idleTimeout             a kept-alive connection without a request in progress is closed after this long
 * @param maxHeaderCount          bound on the number of header fields
 */
public record HttpLimits(
        int maxInitialLineBytes,
        int maxHeaderBytes,
        int maxBodyBytes,
        Duration readTimeout,
        int maxConnections,
        int maxConnectionsPerSource,
        Duration idleTimeout,
        int maxHeaderCount) {
    public static final int DEFAULT_MAX_INITIAL_LINE_BYTES = 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 8192;
    public static final int DEFAULT_MAX_BODY_BYTES = 16384;
    public static final int DEFAULT_MAX_HEADER_COUNT = 64;
    public static final int DEFAULT_READ_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 32;

    public HttpLimits {
        positive(maxInitialLineBytes, "maxInitialLineBytes");
        positive(maxHeaderBytes, "maxHeaderBytes");
        positive(maxBodyBytes, "maxBodyBytes");
        positive(maxConnections, "maxConnections");
        positive(maxConnectionsPerSource, "maxConnectionsPerSource");
        positive(maxHeaderCount, "maxHeaderCount");
        positive(readTimeout, "readTimeout");
        positive(idleTimeout, "idleTimeout");
    }

    private static void positive(Duration v, String name) {
        Objects.requireNonNull(v, name);
        if (v.isNegative() || v.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void positive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
    }

    /** The defaults. */
    public static HttpLimits defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .maxInitialLineBytes(maxInitialLineBytes)
                .maxHeaderBytes(maxHeaderBytes)
                .maxBodyBytes(maxBodyBytes)
                .readTimeout(readTimeout)
                .maxConnections(maxConnections)
                .maxConnectionsPerSource(maxConnectionsPerSource)
                .idleTimeout(idleTimeout)
                .maxHeaderCount(maxHeaderCount);
    }

    /** Builder; each setter validates its value. */
    public static final class Builder {
        private int maxInitialLineBytes = DEFAULT_MAX_INITIAL_LINE_BYTES;
        private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration readTimeout = Duration.ofSeconds(DEFAULT_READ_TIMEOUT_SECONDS);
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerSource = DEFAULT_MAX_CONNECTIONS_PER_SOURCE;
        private Duration idleTimeout = Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS);
        private int maxHeaderCount = DEFAULT_MAX_HEADER_COUNT;

        private Builder() {}

        public Builder maxInitialLineBytes(int v) {
            positive(v, "maxInitialLineBytes");
            maxInitialLineBytes = v;
            return this;
        }

        public Builder maxHeaderBytes(int v) {
            positive(v, "maxHeaderBytes");
            maxHeaderBytes = v;
            return this;
        }

        public Builder maxBodyBytes(int v) {
            positive(v, "maxBodyBytes");
            maxBodyBytes = v;
            return this;
        }

        public Builder readTimeout(Duration v) {
            positive(v, "readTimeout");
            readTimeout = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            positive(v, "idleTimeout");
            idleTimeout = v;
            return this;
        }

        public Builder maxHeaderCount(int v) {
            positive(v, "maxHeaderCount");
            maxHeaderCount = v;
            return this;
        }

        public Builder maxConnections(int v) {
            positive(v, "maxConnections");
            maxConnections = v;
            return this;
        }

        public Builder maxConnectionsPerSource(int v) {
            positive(v, "maxConnectionsPerSource");
            maxConnectionsPerSource = v;
            return this;
        }

        public HttpLimits build() {
            if (maxConnectionsPerSource > maxConnections) {
                throw new IllegalArgumentException("maxConnectionsPerSource exceeds maxConnections");
            }
            return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, readTimeout, maxConnections,
                    maxConnectionsPerSource, idleTimeout, maxHeaderCount);
        }
    }
}
