package org.portcullis.upnp.igd.internal.pinhole;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.igd.internal.pinhole.NeighbourCache.NeighbourLookupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secure mode's "the requester's own address" for IPv6 pinholes: equal addresses, or two IPv6 addresses of the same
 * host on the same link. A real client reaches the gateway on its link-local or ULA LOCATION and so speaks from its
 * own link-local or ULA address, while the pinhole it wants is for its global address (upnpc -6 -A; miniupnp issue
 * #731 reports the resulting 606 against miniupnpd). Two addresses are the same host when both are covered by the
 * same served LAN interface and the router's neighbour cache on that interface maps both to the same link-layer
 * address in a usable state (REACHABLE, STALE, DELAY, PROBE, PERMANENT). When the InternalClient (or the requester)
 * has no usable entry, neighbour discovery is triggered once and the cache re-read every {@code poll} until
 * {@code budget} (at most 1 s) has passed; no entry then means a refusal. Such waits are rate-limited
 * ({@value #MAX_WAITS} in a burst, then one per {@link #WAIT_REFILL}): beyond that a missing entry is refused at once
 * (counted as {@value #WAIT_SKIPPED}), so that a LAN client naming unknown addresses cannot stall the worker. The
 * owner of a global address has normally talked through the router already, so its entry is present.
 *
 * <p>Trust assumption: the router's neighbour cache. Only an on-link node that spoofs Neighbor Discovery for the
 * victim's address (answers a solicitation for it, sends an overriding advertisement for it, or a solicitation from
 * it with its own source link-layer address; RFC 3756 §4.1.1) or clones the victim's MAC can make that cache map the
 * victim's address to its own link-layer address. For as long as the cache says so, the router delivers every packet for the
 * victim's address to that node, so the node can also complete a TCP connection from the victim's address and ask
 * for the pinhole with strict equality; the pinhole then outlives the poisoning under either rule. The rule therefore
 * grants nothing that the same attacker lacks without it. It does treat hosts that share one link-layer address (for
 * example behind a MAC-translating wireless repeater or a proxy-ND bridge) as one host.
 *
 * <p>When the cache cannot be read (no {@code ip}, timeout, error) the rule falls back to strict equality; the first
 * failure is logged at warn, every failure counted as {@value #LOOKUP_FAILURES}. Runs on the IGD worker thread: a
 * lookup may block for up to {@code budget}, never on an event loop.
 */
public final class SameHost {
    public static final String LOOKUP_FAILURES = "igd.pinhole.neighbour-lookup.failures";
    public static final String ACCEPTED = "igd.pinhole.same-host.accepted";
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(1000);
    public static final Duration DEFAULT_POLL = Duration.ofMillis(50);
    public static final String WAIT_SKIPPED = "igd.pinhole.neighbour-wait.skipped";
    /** Waits for a solicited entry allowed in a burst; one more every {@link #WAIT_REFILL}. */
    public static final int MAX_WAITS = 4;
    public static final Duration WAIT_REFILL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(SameHost.class);

    private final NeighbourCache cache;
    private final DropCounters counters;
    private final long budgetNanos;
    private final long pollMillis;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final int maxWaits;
    private double waits; // tokens of the wait bucket
    private long refilledAt = System.nanoTime();

    /** Strict equality only: never consults a neighbour cache. */
    public static SameHost strict(DropCounters counters) {
        return new SameHost(null, counters, Duration.ZERO, Duration.ZERO);
    }

    public SameHost(NeighbourCache cache, DropCounters counters) {
        this(cache, counters, DEFAULT_BUDGET, DEFAULT_POLL);
    }

    SameHost(NeighbourCache cache, DropCounters counters, Duration budget, Duration poll) {
        this(cache, counters, budget, poll, MAX_WAITS);
    }

    SameHost(NeighbourCache cache, DropCounters counters, Duration budget, Duration poll, int maxWaits) {
        if (budget.compareTo(DEFAULT_BUDGET) > 0 || budget.isNegative() || poll.isNegative()) {
            throw new IllegalArgumentException("budget must be 0..1 s and poll not negative");
        }
        this.cache = cache;
        this.counters = Objects.requireNonNull(counters, "counters");
        this.budgetNanos = budget.toNanos();
        this.pollMillis = poll.toMillis();
        this.maxWaits = maxWaits;
        this.waits = maxWaits;
    }

    /** Whether {@code client} is {@code requester}'s own address, or another address of the same host on its link. */
    public boolean test(InetAddress client, InetAddress requester, LanPolicy lan) {
        if (Arrays.equals(client.getAddress(), requester.getAddress())) {
            return true;
        }
        if (cache == null || !(client instanceof Inet6Address c) || !(requester instanceof Inet6Address r)) {
            return false;
        }
        Optional<LanInterface> link = lan.interfaceFor(r);
        if (link.isEmpty() || !link.equals(lan.interfaceFor(c))) {
            return false;
        }
        String dev = link.get().name();
        try {
            boolean same = sameLinkLayer(dev, plain(c), plain(r));
            if (same) {
                counters.increment(ACCEPTED);
                LOG.info("{} and {} have the same link-layer address on {}: same host", c.getHostAddress(),
                        r.getHostAddress(), dev);
            }
            return same;
        } catch (NeighbourLookupException e) {
            counters.increment(LOOKUP_FAILURES);
            if (warned.compareAndSet(false, true)) {
                LOG.warn("cannot read the IPv6 neighbour cache of {} ({}); secure mode accepts only the requester's"
                        + " own address for pinholes", dev, e.getMessage());
            } else {
                LOG.debug("cannot read the IPv6 neighbour cache of {}: {}", dev, e.getMessage());
            }
            return false;
        }
    }

    private boolean sameLinkLayer(String dev, Inet6Address client, Inet6Address requester)
            throws NeighbourLookupException {
        long deadline = System.nanoTime() + budgetNanos;
        Map<Inet6Address, String> entries = cache.usable(dev);
        boolean solicited = false;
        while (true) {
            String a = entries.get(client);
            String b = entries.get(requester);
            if (a != null && b != null) {
                return a.equals(b);
            }
            if (!solicited) {
                if (a == null) {
                    cache.solicit(dev, client);
                }
                if (b == null) {
                    cache.solicit(dev, requester);
                }
                solicited = true;
                if (!takeWait()) {
                    // A LAN client asking for unknown addresses must not keep the worker (every action) waiting.
                    counters.increment(WAIT_SKIPPED);
                    return false;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pollMillis, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            entries = cache.usable(dev);
        }
    }

    /** Token bucket: at most {@link #MAX_WAITS} waits in a burst, refilled at one per {@link #WAIT_REFILL}. */
    private synchronized boolean takeWait() {
        long now = System.nanoTime();
        waits = Math.min(maxWaits, waits + (now - refilledAt) / (double) WAIT_REFILL.toNanos());
        refilledAt = now;
        if (waits < 1) {
            return false;
        }
        waits--;
        return true;
    }

    /** The address without its scope id, as the neighbour cache keys it. */
    private static Inet6Address plain(Inet6Address a) {
        try {
            return (Inet6Address) InetAddress.getByAddress(a.getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an address", e);
        }
    }
}
