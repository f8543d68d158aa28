package org.portcullis.upnp.ssdp.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;
import org.portcullis.upnp.ssdp.SsdpAdvertiser;
import org.portcullis.upnp.ssdp.codec.SsdpDecoder;
import org.portcullis.upnp.ssdp.codec.SsdpDecodingException;
import org.portcullis.upnp.ssdp.codec.SsdpLimits;

/**
 * Turns each {@link DatagramPacket} into an {@link InboundSsdp}; a datagram that does not decode is counted as
 * {@value SsdpAdvertiser#DROP_MALFORMED}, logged (rate-limited, without stack trace) and released.
 */
@ChannelHandler.Sharable
public final class SsdpDatagramDecoder extends ChannelInboundHandlerAdapter {
    private final SsdpLimits limits;
    private final DropCounters counters;
    private final RateLimitedLog log = RateLimitedLog.security();

    public SsdpDatagramDecoder(SsdpLimits limits, DropCounters counters) {
        this.limits = limits;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket p)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InboundSsdp decoded;
        try {
            decoded = new InboundSsdp(SsdpDecoder.decode(p.content(), limits), p.sender());
        } catch (SsdpDecodingException e) {
            counters.increment(SsdpAdvertiser.DROP_MALFORMED);
            log.debug("dropped malformed SSDP datagram from {} on {}: {}", p.sender(), ctx.channel().localAddress(),
                    e.getMessage());
            return;
        } finally {
            ReferenceCountUtil.release(p);
        }
        ctx.fireChannelRead(decoded);
    }
}
