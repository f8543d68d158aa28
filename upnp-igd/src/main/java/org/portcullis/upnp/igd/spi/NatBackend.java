package org.portcullis.upnp.igd.spi;

import java.util.List;
import java.util.OptionalLong;
import org.portcullis.upnp.igd.PinholeRule;
import org.portcullis.upnp.igd.PortMapping;

/**
 * Applies port mappings and IPv6 pinholes to the packet path (nftables, a vendor's switch SDK, or nothing at all in
 * demo mode).
 *
 * <p>Pinholes (WANIPv6FirewallControl:1) are optional for a backend: the defaults of {@link #addPinhole} refuse,
 * so the IGD answers AddPinhole with 501 rather than acknowledging a pinhole that opens nothing, and
 * {@link #pinholePackets} reports that packets cannot be counted. A backend that serves pinholes overrides
 * {@link #addPinhole}, {@link #removePinhole}, {@link #installedPinholes} and {@link #pinholePackets} (and
 * {@link #reconcilePinholes} when it can replace its state atomically).
 *
 * <p>Calls come from one IGD worker thread, never from an event loop, so implementations may block. A call that
 * throws leaves the IGD's table unchanged for that mapping; implementations should make each call atomic.
 */
public interface NatBackend extends AutoCloseable {
    /** Installs (or replaces, for the same key) a mapping. */
    void add(PortMapping mapping) throws NatBackendException;

    /** Removes a mapping; removing one that is not installed is not an error. */
    void remove(PortMapping mapping) throws NatBackendException;

    /** The mappings currently installed (for reconciliation and tests). */
    List<PortMapping> installed() throws NatBackendException;

    /**
     * Makes the installed mappings exactly {@code wanted} (at start, after a crash or an unclean stop). The default
     * removes what is installed but not wanted, then adds every wanted mapping; a backend that can replace its whole
     * state atomically should do so.
     */
    default void reconcile(List<PortMapping> wanted) throws NatBackendException {
        java.util.Set<PortMapping.Key> keep = new java.util.HashSet<>();
        wanted.forEach(m -> keep.add(m.key()));
        for (PortMapping m : installed()) {
            if (!keep.contains(m.key())) {
                remove(m);
            }
        }
        for (PortMapping m : wanted) {
            add(m);
        }
    }

    /**
     * Installs (or replaces, for the same {@link PinholeRule#id()}) a pinhole. The default refuses: this backend
     * cannot open pinholes.
     */
    default void addPinhole(PinholeRule rule) throws NatBackendException {
        throw new NatBackendException(getClass().getSimpleName() + " cannot install IPv6 pinholes");
    }

    /** Removes the pinhole with {@code rule.id()}; removing one that is not installed is not an error. */
    default void removePinhole(PinholeRule rule) throws NatBackendException {}

    /** The pinholes currently installed (for reconciliation and tests); the default has none. */
    default List<PinholeRule> installedPinholes() throws NatBackendException {
        return List.of();
    }

    /**
     * Makes the installed pinholes exactly {@code wanted} (at start). The default removes what is installed but not
     * wanted (or installed differently), then adds every wanted pinhole not already installed.
     */
    default void reconcilePinholes(List<PinholeRule> wanted) throws NatBackendException {
        java.util.Set<PinholeRule> keep = new java.util.HashSet<>(wanted);
        java.util.Set<PinholeRule> have = new java.util.HashSet<>(installedPinholes());
        for (PinholeRule r : have) {
            if (!keep.contains(r)) {
                removePinhole(r);
            }
        }
        for (PinholeRule r : wanted) {
            if (!have.contains(r)) {
                addPinhole(r);
            }
        }
    }

    /**
     * How many packets the pinhole {@code id} has let through since it was installed (GetPinholePackets,
     * CheckPinholeWorking), or empty when this backend cannot count them; the default cannot.
     */
    default OptionalLong pinholePackets(int id) throws NatBackendException {
        return OptionalLong.empty();
    }

    /**
     * How long, in seconds, the firewall keeps an idle outbound connection of {@code protocol} (6, 17, 136) open
     * (GetOutboundPinholeTimeout), or empty when this backend cannot tell; the default cannot, and the IGD then
     * answers the minimum RFC 6092 requires of a CPE firewall.
     */
    default OptionalLong outboundPinholeTimeout(int protocol) throws NatBackendException {
        return OptionalLong.empty();
    }

    /**
     * Called once the IGD's HTTP port is known, so that a firewall backend can drop it on the WAN side; the default
     * does nothing.
     */
    default void serving(int httpPort) throws NatBackendException {}

    /** Releases resources; the default does nothing. */
    @Override
    default void close() throws NatBackendException {}

    /** A backend that only remembers mappings: for demos and tests that need no forwarding. Thread-safe. */
    static NatBackend inMemory() {
        return new org.portcullis.upnp.igd.internal.nat.InMemoryNatBackend();
    }

    /**
     * The nftables backend: its own table {@code ip portcullis} with DNAT maps on the WAN interface, forward accept
     * sets, and a WAN-side drop of UDP 1900 and the IGD's HTTP port; and its own table {@code ip6 portcullis} with
     * the IPv6 inbound policy of a CPE firewall (RFC 6092: established and related traffic, the ICMPv6 of RFC 4890,
     * pinholes, and a drop of everything else forwarded from the WAN interface). Each change is one atomic {@code nft -f -}
     * batch of map and set elements, so its cost does not grow with the table. Needs {@code nft} and CAP_NET_ADMIN.
     * The table is created now (replacing one left behind by a crash) and deleted by {@link #close()}.
     *
     * @param wanInterface the WAN interface
     * @throws NatBackendException when nft is missing or refuses the table
     */
    static NatBackend nftables(String wanInterface) throws NatBackendException {
        return new org.portcullis.upnp.igd.internal.nat.NftablesNatBackend("portcullis", wanInterface, true, "nft");
    }

    /**
     * The nftables backend with a table name of your choice and the WAN-side drop optional; the IPv6 inbound policy
     * is on.
     *
     * @see #nftables(String)
     */
    static NatBackend nftables(String table, String wanInterface, boolean wanDrop) throws NatBackendException {
        return new org.portcullis.upnp.igd.internal.nat.NftablesNatBackend(table, wanInterface, wanDrop, "nft");
    }

    /**
     * The nftables backend with every option.
     *
     * @param ipv6Firewall whether the backend owns the IPv6 inbound policy of the WAN interface (table
     *                     {@code ip6 <table>}: forwarded traffic from the WAN interface is dropped unless it is
     *                     established or related, needed ICMPv6, or matches a pinhole). Off, pinholes cannot be
     *                     installed (AddPinhole answers 501): an accept in our chain could not override a drop in the
     *                     router's own firewall, since every base chain at a hook sees the packet.
     * @see #nftables(String)
     */
    static NatBackend nftables(String table, String wanInterface, boolean wanDrop, boolean ipv6Firewall)
            throws NatBackendException {
        return new org.portcullis.upnp.igd.internal.nat.NftablesNatBackend(table, wanInterface, wanDrop,
                ipv6Firewall, "nft");
    }
}
