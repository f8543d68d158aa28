package org.portcullis.upnp.igd.client;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.Objects;
import org.portcullis.upnp.igd.Protocol;

/**
 * What to ask a gateway to map (arguments of AddPortMapping / AddAnyPortMapping).
 *
 * <pre>{@code
 * PortMappingRequest r = PortMappingRequest.of(Protocol.TCP, 51413, myLanAddress, 51413, "torrent",
 *         Duration.ofHours(1));
 * }</pre>
 *
 * @param protocol       TCP or UDP
 * @param externalPort   1..65535 (for AddAnyPortMapping: the preferred port)
 * @param internalClient the LAN host to forward to; a gateway in secure mode accepts only the caller's own address
 * @param internalPort   1..65535
 * @param description    at most {@value #MAX_DESCRIPTION_CHARS} characters
 * @param lease          0 for no lease (IGD:1 static mapping; IGD:2 gateways turn it into a week), else 1 s to
 *                       604800 s; a gateway may answer 725 OnlyPermanentLeasesSupported
 * @param remoteHost     remote host filter as an IPv4 literal, or empty for any
 */
public record PortMappingRequest(
        Protocol protocol,
        int externalPort,
        Inet4Address internalClient,
        int internalPort,
        String description,
        Duration lease,
        String remoteHost) {
    public static final int MAX_DESCRIPTION_CHARS = 256;
    /** Longest lease IGD:2 allows (one week). */
    public static final Duration MAX_LEASE = Duration.ofSeconds(604800);

    public PortMappingRequest {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(internalClient, "internalClient");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(remoteHost, "remoteHost");
        if (externalPort < 1 || externalPort > 65535 || internalPort < 1 || internalPort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        if (description.length() > MAX_DESCRIPTION_CHARS) {
            throw new IllegalArgumentException("description longer than " + MAX_DESCRIPTION_CHARS);
        }
        if (lease.isNegative() || lease.compareTo(MAX_LEASE) > 0) {
            throw new IllegalArgumentException("lease must be 0..604800 s");
        }
        if (!remoteHost.isEmpty() && !remoteHost.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("remoteHost must be empty or an IPv4 literal");
        }
    }

    /** A request for any remote host. */
    public static PortMappingRequest of(Protocol protocol, int externalPort, Inet4Address internalClient,
            int internalPort, String description, Duration lease) {
        return new PortMappingRequest(protocol, externalPort, internalClient, internalPort, description, lease, "");
    }
}
