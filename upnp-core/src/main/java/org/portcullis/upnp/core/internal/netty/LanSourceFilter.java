package org.portcullis.upnp.core.internal.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.function.Predicate;
import java.net.InetAddress;

/**
 * Per-datagram LAN filter: a datagram whose sender the policy does not permit is released and counted before any
 * decoding. Unlike Netty's {@code RuleBasedIpFilter}, which works per connection and accepts when no rule matches,
 * this refuses everything that is not explicitly LAN.
 */
@ChannelHandler.Sharable
public final class LanSourceFilter extends ChannelInboundHandlerAdapter {
    /** Counter name for dropped non-LAN datagrams. */
    public static final String DROPPED = "ssdp.drop.non-lan-source";

    private final Predicate<InetAddress> permits;
    private final DropCounters counters;
    private final RateLimitedLog log = RateLimitedLog.security();

    public LanSourceFilter(Predicate<InetAddress> permits, DropCounters counters) {
        this.permits = permits;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket p) {
            InetSocketAddress sender = p.sender();
            if (sender == null || sender.getAddress() == null || !permits.test(sender.getAddress())) {
                counters.increment(DROPPED);
                log.debug("dropped datagram from non-LAN source {} on {}", sender, ctx.channel().localAddress());
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
