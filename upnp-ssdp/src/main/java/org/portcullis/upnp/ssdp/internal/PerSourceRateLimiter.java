package org.portcullis.upnp.ssdp.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;
import org.portcullis.upnp.ssdp.SsdpAdvertiser;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * Charges each M-SEARCH to its source address's bucket; over budget it is counted as
 * {@value SsdpAdvertiser#DROP_RATE_LIMITED} and dropped. SSDP answers are amplified (ssdp:all gives one datagram
 * per notification), so this runs before any matching. Other messages pass uncharged.
 */
@ChannelHandler.Sharable
public final class PerSourceRateLimiter extends ChannelInboundHandlerAdapter {
    private final RateLimiter limiter;
    private final DropCounters counters;
    private final RateLimitedLog log = RateLimitedLog.security();

    public PerSourceRateLimiter(RateLimiter limiter, DropCounters counters) {
        this.limiter = limiter;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof InboundSsdp in && in.message().kind() == SsdpMessage.Kind.M_SEARCH
                && !limiter.tryTake(in.sender().getAddress(), 1)) {
            counters.increment(SsdpAdvertiser.DROP_RATE_LIMITED);
            log.debug("rate-limited M-SEARCH from {} on {}", in.sender(), ctx.channel().localAddress());
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
