package org.portcullis.upnp.core.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The LAN-only rule applied to peers: a datagram or connection is accepted only when its source address is of a
 * LAN {@link AddressScope} <em>and</em> lies on a subnet of one of the served interfaces. Everything else is
 * dropped before any parsing. Immutable and thread-safe.
 *
 * @param interfaces the served LAN interfaces
 */
public record LanPolicy(List<LanInterface> interfaces) {
    public LanPolicy {
        interfaces = List.copyOf(interfaces);
        if (interfaces.isEmpty()) {
            throw new LanBindingException("no LAN interface to serve on");
        }
    }

    /** Whether a peer at {@code source} may talk to us. */
    public boolean permits(InetAddress source) {
        Objects.requireNonNull(source, "source");
        if (!LanAddresses.isLan(source)) {
            return false;
        }
        for (LanInterface i : interfaces) {
            if (i.covers(source)) {
                return true;
            }
        }
        return false;
    }

    /** The served interface whose subnet covers {@code source}, if any. */
    public java.util.Optional<LanInterface> interfaceFor(InetAddress source) {
        for (LanInterface i : interfaces) {
            if (i.covers(source)) {
                return java.util.Optional.of(i);
            }
        }
        return java.util.Optional.empty();
    }
}
