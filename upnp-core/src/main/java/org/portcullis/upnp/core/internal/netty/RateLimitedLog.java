package org.portcullis.upnp.core.internal.netty;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debug logging for expected hostile input: at most {@code perPeriod} lines per period, never a stack trace, and
 * attacker-controlled strings escaped and truncated. Security drops go to the {@value #SECURITY_LOGGER} logger.
 */
public final class RateLimitedLog {
    /** Logger name for security-relevant drops. */
    public static final String SECURITY_LOGGER = "org.portcullis.upnp.security";

    private static final int MAX_VALUE_CHARS = 80;

    private final Logger logger;
    private final int perPeriod;
    private final long periodNanos;
    private final AtomicLong periodStart = new AtomicLong(System.nanoTime());
    private final AtomicInteger used = new AtomicInteger();

    public RateLimitedLog(Logger logger, int perPeriod, long periodNanos) {
        this.logger = logger;
        this.perPeriod = perPeriod;
        this.periodNanos = periodNanos;
    }

    /** The shared security log: 10 lines per 10 seconds. */
    public static RateLimitedLog security() {
        return new RateLimitedLog(LoggerFactory.getLogger(SECURITY_LOGGER), 10, 10_000_000_000L);
    }

    /** Logs at debug if the budget allows; arguments are escaped with {@link #safe(Object)}. */
    public void debug(String format, Object... args) {
        if (!logger.isDebugEnabled() || !take()) {
            return;
        }
        Object[] safe = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            safe[i] = safe(args[i]);
        }
        logger.debug(format, safe);
    }

    private boolean take() {
        long now = System.nanoTime();
        long start = periodStart.get();
        if (now - start > periodNanos && periodStart.compareAndSet(start, now)) {
            used.set(0);
        }
        return used.incrementAndGet() <= perPeriod;
    }

    /** Escapes control characters and truncates, so that a hostile value cannot forge log lines. */
    public static String safe(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_VALUE_CHARS) + 8);
        for (int i = 0; i < s.length() && b.length() < MAX_VALUE_CHARS; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() >= MAX_VALUE_CHARS && s.length() > MAX_VALUE_CHARS) {
            b.append("...");
        }
        return b.toString();
    }
}
