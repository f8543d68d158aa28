package org.portcullis.upnp.core.internal.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;

/**
 * Closes a new connection before reading anything when its source is not a LAN peer, or when the total or
 * per-source connection cap is reached. Counts are released when the connection closes.
 */
@ChannelHandler.Sharable
public final class LanConnectionFilter extends ChannelInboundHandlerAdapter {
    public static final String DROPPED_NON_LAN = "http.drop.non-lan-source";
    public static final String DROPPED_TOTAL_CAP = "http.drop.connection-cap";
    public static final String DROPPED_SOURCE_CAP = "http.drop.per-source-cap";

    private static final io.netty.util.AttributeKey<Boolean> ADMITTED =
            io.netty.util.AttributeKey.valueOf(LanConnectionFilter.class, "admitted");

    private final Predicate<InetAddress> permits;
    private final DropCounters counters;
    private final int maxConnections;
    private final int maxPerSource;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perSource = new ConcurrentHashMap<>();
    private final RateLimitedLog log = RateLimitedLog.security();

    public LanConnectionFilter(
            Predicate<InetAddress> permits, DropCounters counters, int maxConnections, int maxPerSource) {
        this.permits = permits;
        this.counters = counters;
        this.maxConnections = maxConnections;
        this.maxPerSource = maxPerSource;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        InetAddress source = remote == null ? null : remote.getAddress();
        if (source == null || !permits.test(source)) {
            counters.increment(DROPPED_NON_LAN);
            log.debug("closed HTTP connection from non-LAN source {} to {}", remote, ctx.channel().localAddress());
            ctx.close();
            return;
        }
        if (total.incrementAndGet() > maxConnections) {
            total.decrementAndGet();
            counters.increment(DROPPED_TOTAL_CAP);
            log.debug("closed HTTP connection from {}: total connection cap {}", remote, maxConnections);
            ctx.close();
            return;
        }
        AtomicInteger mine = perSource.computeIfAbsent(source, k -> new AtomicInteger());
        if (mine.incrementAndGet() > maxPerSource) {
            mine.decrementAndGet();
            total.decrementAndGet();
            counters.increment(DROPPED_SOURCE_CAP);
            log.debug("closed HTTP connection from {}: per-source cap {}", remote, maxPerSource);
            ctx.close();
            return;
        }
        ctx.channel().closeFuture().addListener(f -> release(source, mine));
        ctx.channel().attr(ADMITTED).set(Boolean.TRUE);
        ctx.fireChannelActive();
    }

    private void release(InetAddress source, AtomicInteger mine) {
        total.decrementAndGet();
        if (mine.decrementAndGet() <= 0) {
            perSource.remove(source, mine);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel().attr(ADMITTED).get() != Boolean.TRUE) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Currently open, admitted connections. */
    public int openConnections() {
        return total.get();
    }
}
