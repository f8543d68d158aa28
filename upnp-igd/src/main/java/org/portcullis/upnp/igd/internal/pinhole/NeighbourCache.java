package org.portcullis.upnp.igd.internal.pinhole;

import java.net.Inet6Address;
import java.util.Map;

/**
 * The router's IPv6 neighbour cache on one interface, as {@link SameHost} needs it: which link-layer address each
 * neighbour has, and a way to make the kernel resolve one it does not know yet. Behind an interface so that tests
 * inject a fake table; {@link IpNeighbourCache} reads the kernel's.
 *
 * <p>Called on the IGD worker thread only (the calls may take a few milliseconds and start a process).
 */
public interface NeighbourCache {
    /**
     * The usable entries on {@code device}: neighbour address (without scope) to its link-layer address in lower
     * case ({@code aa:bb:cc:dd:ee:ff}). Usable means a link-layer address is known and the state is REACHABLE, STALE,
     * DELAY, PROBE or PERMANENT; INCOMPLETE, FAILED and NOARP entries are left out.
     *
     * @throws NeighbourLookupException when the cache cannot be read (no {@code ip} binary, timeout, error exit)
     */
    Map<Inet6Address, String> usable(String device) throws NeighbourLookupException;

    /**
     * Makes the kernel start neighbour discovery for {@code address} on {@code device} and returns at once; the
     * result shows in a later {@link #usable} call. Best effort: a failure is only logged.
     */
    void solicit(String device, Inet6Address address);

    /** The neighbour cache could not be read. */
    final class NeighbourLookupException extends Exception {
        private static final long serialVersionUID = 1L;

        public NeighbourLookupException(String message) {
            super(message);
        }

        public NeighbourLookupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
