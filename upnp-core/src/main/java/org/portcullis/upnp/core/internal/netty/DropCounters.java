package org.portcullis.upnp.core.internal.netty;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for expected hostile or invalid input (non-LAN sources, malformed datagrams, oversized requests...).
 * Thread-safe; read by tests and by a daemon's status output.
 */
public final class DropCounters {
    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

    /** Adds one to the named counter. */
    public void increment(String reason) {
        counters.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** The current value of a counter (0 when never incremented). */
    public long get(String reason) {
        LongAdder a = counters.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** A sorted snapshot of every counter. */
    public Map<String, Long> snapshot() {
        TreeMap<String, Long> m = new TreeMap<>();
        counters.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
