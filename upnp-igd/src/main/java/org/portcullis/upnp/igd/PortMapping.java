package org.portcullis.upnp.igd;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.Objects;

/**
 * One port mapping. Its identity is ({@link #remoteHost()}, {@link #externalPort()}, {@link #protocol()}), as in
 * WANIPConnection (§2.5.15 of the v2 service).
 *
 * @param remoteHost    the remote host filter, an IPv4 literal, or empty for any remote host
 * @param externalPort  external port, 1..65535
 * @param protocol      TCP or UDP
 * @param internalPort  internal port, 1..65535
 * @param internalClient the LAN host that receives the traffic
 * @param enabled       whether the mapping forwards
 * @param description   free text, at most {@value #MAX_DESCRIPTION_CHARS} characters
 * @param expiresAt     when the lease ends, {@link #PERMANENT} for an IGD:1 static mapping (lease 0)
 */
public record PortMapping(
        String remoteHost,
        int externalPort,
        Protocol protocol,
        int internalPort,
        Inet4Address internalClient,
        boolean enabled,
        String description,
        Instant expiresAt) {
    /** Longest description kept. */
    public static final int MAX_DESCRIPTION_CHARS = 256;

    /** The {@link #expiresAt()} of a mapping without a lease (IGD:1, NewLeaseDuration 0). */
    public static final Instant PERMANENT = Instant.MAX;

    public PortMapping {
        Objects.requireNonNull(remoteHost, "remoteHost");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(internalClient, "internalClient");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (externalPort < 1 || externalPort > 65535 || internalPort < 1 || internalPort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        if (description.length() > MAX_DESCRIPTION_CHARS) {
            throw new IllegalArgumentException("description too long");
        }
    }

    /** The identity of this mapping. */
    public Key key() {
        return new Key(remoteHost, externalPort, protocol);
    }

    /** Whether the mapping has no lease (IGD:1 static mapping). */
    public boolean isPermanent() {
        return expiresAt.equals(PERMANENT);
    }

    /** Seconds of lease left at {@code now}, at least 0; 0 for a permanent mapping, as IGD:1 reports it. */
    public long remainingSeconds(Instant now) {
        if (isPermanent()) {
            return 0;
        }
        long s = java.time.Duration.between(now, expiresAt).toSeconds();
        return Math.max(0, s);
    }

    /**
     * The identity of a mapping.
     *
     * @param remoteHost   remote host filter, empty for any
     * @param externalPort external port
     * @param protocol     protocol
     */
    public record Key(String remoteHost, int externalPort, Protocol protocol) implements Comparable<Key> {
        public Key {
            Objects.requireNonNull(remoteHost, "remoteHost");
            Objects.requireNonNull(protocol, "protocol");
        }

        @Override
        public int compareTo(Key o) {
            int c = Integer.compare(externalPort, o.externalPort);
            if (c == 0) {
                c = protocol.compareTo(o.protocol);
            }
            return c != 0 ? c : remoteHost.compareTo(o.remoteHost);
        }
    }
}
