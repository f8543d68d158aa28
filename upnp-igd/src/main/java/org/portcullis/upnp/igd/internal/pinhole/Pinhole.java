package org.portcullis.upnp.igd.internal.pinhole;

import java.net.Inet6Address;
import java.time.Instant;
import java.util.Objects;
import org.portcullis.upnp.igd.PinholeRule;

/**
 * One inbound IPv6 pinhole.
 *
 * @param id             the UniqueID, 1..65535
 * @param remoteHost     the remote IPv6 literal, or empty for any
 * @param remotePort     the remote port, 0 for any
 * @param internalClient the LAN host the pinhole opens to
 * @param internalPort   the LAN host's port, 1..65535
 * @param protocol       the IANA protocol number (6, 17 or 136)
 * @param expires        when the lease ends
 */
public record Pinhole(int id, String remoteHost, int remotePort, Inet6Address internalClient, int internalPort,
        int protocol, Instant expires) {

    public Pinhole {
        Objects.requireNonNull(expires, "expires");
        new PinholeRule(id, remoteHost, remotePort, internalClient, internalPort, protocol); // validates the rest
    }

    /** The rule a NAT backend installs for this pinhole. */
    public PinholeRule rule() {
        return new PinholeRule(id, remoteHost, remotePort, internalClient, internalPort, protocol);
    }

    /** Whether this pinhole has the same 5-tuple as another. */
    boolean sameTuple(String host, int rport, Inet6Address client, int iport, int proto) {
        return remoteHost.equals(host) && remotePort == rport && internalClient.equals(client)
                && internalPort == iport && protocol == proto;
    }
}
