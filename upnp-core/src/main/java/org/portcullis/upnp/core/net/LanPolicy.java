package org.portcullis.upnp.core.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The LAN-only rule applied to peers: a datagram or connection is accepted only when its source address is of a
 * LAN {@link AddressScope} <em>and</em> lies on a subnet of one of the served interfaces, or is a global IPv6 address
 * in the on-link prefix of a served interface ({@link LanInterface#onLinkGlobal()}: a LAN host's own global address
 * on a dual-stack LAN). A link-local source must carry the scope id of the interface whose subnet it is on: a
 * link-local peer on another link is refused even though fe80::/10 is a LAN scope. Everything else is dropped before
 * any parsing. See {@link LanInterface} for why a global prefix is treated as LAN but never served. Immutable and
 * thread-safe.
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
        return interfaceFor(source).isPresent();
    }

    /** The served interface that {@link LanInterface#covers(InetAddress) covers} {@code source}, if any. */
    public java.util.Optional<LanInterface> interfaceFor(InetAddress source) {
        for (LanInterface i : interfaces) {
            if (i.covers(source)) {
                return java.util.Optional.of(i);
            }
        }
        return java.util.Optional.empty();
    }
}
