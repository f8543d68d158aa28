package org.portcullis.upnp.core.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the served LAN interfaces by polling the OS (every {@link #DEFAULT_PERIOD} by default, on its own daemon
 * thread, never on an event loop): an address added, removed or changed, or an interface going down or up, is
 * reported to the listener within one period as the new list of servable interfaces.
 *
 * <p>Each name is looked up with {@link LanInterface#lookup(String)}: an interface that is gone or down is left out
 * (and served again when it comes back); an interface that gained a public IPv4 address is left out <em>with a
 * warning</em>, because SSDP multicast on it could reach a public network. A global IPv6 address is never served but
 * does not stop the interface being served (see {@link LanInterface}). An IPv6 address still running duplicate
 * address detection is left out until DAD completes, so a link-local address that becomes usable a second after the
 * link came up is reported as an address change (byebye, new BOOTID, alive) like any other.
 * Only the names given are watched: a WAN interface is never followed (callers pass LAN names only; {@code IgdConfig}
 * refuses a LAN interface named like the WAN).
 *
 * <pre>{@code
 * try (InterfaceWatcher w = InterfaceWatcher.start(List.of(LanInterface.lookup("br-lan")), InterfaceWatcher.DEFAULT_PERIOD,
 *         lans -> LOG.info("now serving {}", lans))) {
 *     ...
 * }
 * }</pre>
 *
 * <p>The listener runs on the watcher thread, one call at a time, and may block (rebinding sockets).
 */
public final class InterfaceWatcher implements AutoCloseable {
    /** Default polling period. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(InterfaceWatcher.class);

    private final List<String> names;
    private final Function<String, LanInterface> lookup;
    private final Consumer<List<LanInterface>> listener;
    private final Map<String, String> refusals = new HashMap<>();
    private final ScheduledExecutorService thread;
    private List<LanInterface> current;

    InterfaceWatcher(List<LanInterface> initial, Function<String, LanInterface> lookup,
            Consumer<List<LanInterface>> listener, ScheduledExecutorService thread) {
        this.current = List.copyOf(initial);
        this.names = initial.stream().map(LanInterface::name).distinct().toList();
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.thread = thread;
    }

    /**
     * Starts polling the interfaces of {@code initial} (the state the caller serves now) every {@code period}.
     *
     * @param listener called with the servable interfaces, in the order of {@code initial}, whenever they differ
     *                 from the last reported (or initial) list; the list may be empty
     */
    public static InterfaceWatcher start(List<LanInterface> initial, Duration period,
            Consumer<List<LanInterface>> listener) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive");
        }
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "portcullis-interface-watcher");
            th.setDaemon(true);
            return th;
        });
        InterfaceWatcher w = new InterfaceWatcher(initial, InterfaceWatcher::lookup, listener, t);
        t.scheduleWithFixedDelay(w::pollSafely, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    private static LanInterface lookup(String name) {
        return LanInterface.lookup(name);
    }

    /** The servable interfaces as last seen. */
    public synchronized List<LanInterface> current() {
        return current;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("interface watcher: listener or lookup failed", e);
        }
    }

    /** One poll: looks every name up and reports a change. Package-private for tests. */
    synchronized boolean poll() {
        List<LanInterface> now = new ArrayList<>();
        for (String name : names) {
            try {
                now.add(lookup.apply(name));
                if (refusals.remove(name) != null) {
                    LOG.info("interface {} is servable again", name);
                }
            } catch (LanBindingException e) {
                String reason = e.getMessage();
                if (!reason.equals(refusals.put(name, reason))) {
                    if (reason.contains("non-LAN") || reason.contains("refusing")) {
                        LOG.warn("interface {} stops being served: {}", name, reason);
                    } else {
                        LOG.info("interface {} not servable: {}", name, reason);
                    }
                }
            }
        }
        if (now.equals(current)) {
            return false;
        }
        LOG.info("LAN interfaces changed: {} -> {}", describe(current), describe(now));
        current = List.copyOf(now);
        listener.accept(current);
        return true;
    }

    private static List<String> describe(List<LanInterface> lans) {
        return lans.stream().map(l -> l.name() + l.addresses()).toList();
    }

    /** Stops polling; idempotent. */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
