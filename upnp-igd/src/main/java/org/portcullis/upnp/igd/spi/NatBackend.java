package org.portcullis.upnp.igd.spi;

import java.util.List;
import org.portcullis.upnp.igd.PortMapping;

/**
 * Applies port mappings to the packet path (nftables, a vendor's switch SDK, or nothing at all in demo mode).
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
     * sets, and a WAN-side drop of UDP 1900 and the IGD's HTTP port. Each change is one atomic {@code nft -f -}
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
     * The nftables backend with a table name of your choice and the WAN-side drop optional.
     *
     * @see #nftables(String)
     */
    static NatBackend nftables(String table, String wanInterface, boolean wanDrop) throws NatBackendException {
        return new org.portcullis.upnp.igd.internal.nat.NftablesNatBackend(table, wanInterface, wanDrop, "nft");
    }
}
