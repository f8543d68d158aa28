package org.portcullis.upnp.ssdp.internal;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets: one per source address (least recently used evicted beyond a cap) or a single global one. An
 * evicted source starts again with a full bucket, so the cap must exceed the number of hosts on the LAN. Thread-safe
 * (the unicast and multicast channels of one interface share an instance).
 */
public final class RateLimiter {
    private final double tokensPerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Bucket> buckets;
    private final Bucket global;

    private RateLimiter(double perSecond, double burst, int maxKeys, boolean perKey, LongSupplier nanoTime) {
        this.tokensPerNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.buckets = perKey ? new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
                return size() > maxKeys;
            }
        } : null;
        this.global = perKey ? null : new Bucket(burst, nanoTime.getAsLong());
    }

    /** One bucket per source address, at most {@code maxKeys} tracked. */
    public static RateLimiter perSource(double perSecond, double burst, int maxKeys, LongSupplier nanoTime) {
        return new RateLimiter(perSecond, burst, maxKeys, true, nanoTime);
    }

    /** One bucket for everything. */
    public static RateLimiter global(double perSecond, double burst, LongSupplier nanoTime) {
        return new RateLimiter(perSecond, burst, 0, false, nanoTime);
    }

    /** Takes {@code n} tokens from {@code source}'s bucket (ignored for a global limiter); false if not enough. */
    public synchronized boolean tryTake(InetAddress source, int n) {
        long now = nanoTime.getAsLong();
        Bucket b = global;
        if (b == null) {
            b = buckets.computeIfAbsent(source, k -> new Bucket(burst, now));
        }
        b.tokens = Math.min(burst, b.tokens + (now - b.last) * tokensPerNano);
        b.last = now;
        if (b.tokens < n) {
            return false;
        }
        b.tokens -= n;
        return true;
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }
}
