package org.portcullis.upnp.gena.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.portcullis.upnp.gena.Sid;
import org.portcullis.upnp.gena.codec.GenaHeaders;

/**
 * Delivery state of one subscription. Confined to the publisher's event loop: no locking.
 *
 * <p>The queue holds at most {@code capacity} pending events. When it is full, a new change is merged into the
 * newest pending event (latest value wins) instead of dropping anything: the subscriber still ends up with every
 * variable's latest value, SEQ has no gap (keys are assigned when an event is sent), and memory stays bounded by
 * {@code capacity} times the number of evented variables.
 */
public final class Subscriber {
    public final Sid sid;
    public final InetAddress source;
    public final List<URI> callbacks;
    public final List<InetSocketAddress> targets;
    private final int capacity;
    private final ArrayDeque<Map<String, String>> queue = new ArrayDeque<>();
    public Instant expires;
    public boolean ready;
    public boolean inFlight;
    public boolean removed;
    public int failures;
    private long seq;

    public Subscriber(Sid sid, InetAddress source, List<URI> callbacks, List<InetSocketAddress> targets,
            Instant expires, int capacity) {
        this.sid = sid;
        this.source = source;
        this.callbacks = List.copyOf(callbacks);
        this.targets = List.copyOf(targets);
        this.expires = expires;
        this.capacity = capacity;
    }

    /** Queues an event; returns false when it was coalesced into the newest pending one. */
    public boolean enqueue(Map<String, String> changes) {
        if (queue.size() >= capacity) {
            queue.peekLast().putAll(changes);
            return false;
        }
        queue.add(new LinkedHashMap<>(changes));
        return true;
    }

    /** The next pending event, or null. */
    public Map<String, String> poll() {
        return queue.poll();
    }

    public int pending() {
        return queue.size();
    }

    /** Takes the SEQ for the next event: 0 first, wrapping from 2^32-1 to 1. */
    public long takeSeq() {
        long s = seq;
        seq = GenaHeaders.nextSeq(s);
        return s;
    }

    public long nextSeq() {
        return seq;
    }
}
