package org.portcullis.upnp.ssdp.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;
import org.portcullis.upnp.ssdp.SsdpAdvertiser;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * Answers M-SEARCH (UDA 1.1 §1.3): checks MAN and MX, matches ST, charges the per-source and global response budgets (one token per response datagram) and sends one
 * unicast response per match to the searcher's address and port. A search received on the multicast socket is
 * answered after a random delay in [0, MX] seconds per response, scheduled on the event loop; one received on the
 * unicast socket is answered at once. NOTIFY and responses from other hosts are ignored.
 */
public final class SearchResponder extends ChannelInboundHandlerAdapter {
    private final boolean multicast;
    private final NotificationSet notifications;
    private final Supplier<SsdpMessages> messages;
    private final RateLimiter perSourceResponses;
    private final RateLimiter globalResponses;
    private final DropCounters counters;
    private final Channel out;
    private final Clock clock;
    private final LongUnaryOperator delayMillis;
    private final RateLimitedLog log = RateLimitedLog.security();

    /**
     * @param multicast       whether this is the multicast socket's pipeline
     * @param out             channel that sends the responses (the interface's unicast socket), {@code null} for
     *                        this pipeline's channel
     * @param delayMillis     maps an upper bound in ms to a random delay in [0, bound]
     */
    public SearchResponder(boolean multicast, NotificationSet notifications, SsdpMessages messages,
            RateLimiter globalResponses, DropCounters counters, Channel out, Clock clock,
            LongUnaryOperator delayMillis) {
        this(multicast, notifications, () -> messages, null, globalResponses, counters, out, clock, delayMillis);
    }

    /**
     * @param messages           the current messages of the interface (they change with BOOTID)
     * @param perSourceResponses response datagrams one source may cause (charged with the number of matches, so an
     *                           {@code ssdp:all} flood from one host cannot use up the global budget), or
     *                           {@code null} for none
     */
    public SearchResponder(boolean multicast, NotificationSet notifications, Supplier<SsdpMessages> messages,
            RateLimiter perSourceResponses, RateLimiter globalResponses, DropCounters counters, Channel out,
            Clock clock, LongUnaryOperator delayMillis) {
        this.multicast = multicast;
        this.notifications = notifications;
        this.messages = messages;
        this.perSourceResponses = perSourceResponses;
        this.globalResponses = globalResponses;
        this.counters = counters;
        this.out = out;
        this.clock = clock;
        this.delayMillis = delayMillis;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof InboundSsdp in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        SsdpMessage m = in.message();
        if (m.kind() != SsdpMessage.Kind.M_SEARCH) {
            return; // a device needs no control-point logic: other devices' NOTIFY and responses are ignored
        }
        Optional<String> st = m.header("ST");
        int maxDelay = SearchRules.maxDelaySeconds(multicast, m.header("MX"));
        if (!SearchRules.validMan(m.header("MAN")) || st.isEmpty() || st.get().isEmpty()
                || maxDelay == SearchRules.DROP) {
            counters.increment(SsdpAdvertiser.DROP_INVALID_SEARCH);
            log.debug("dropped invalid M-SEARCH from {} on {}", in.sender(), ctx.channel().localAddress());
            return;
        }
        List<Notification> hits = notifications.match(st.get());
        if (hits.isEmpty()) {
            return;
        }
        if (perSourceResponses != null && !perSourceResponses.tryTake(in.sender().getAddress(), hits.size())) {
            counters.increment(SsdpAdvertiser.DROP_RATE_LIMITED);
            log.debug("per-source response budget exhausted; dropped M-SEARCH from {}", in.sender());
            return;
        }
        if (!globalResponses.tryTake(null, hits.size())) {
            counters.increment(SsdpAdvertiser.DROP_RATE_LIMITED);
            log.debug("global response budget exhausted; dropped M-SEARCH from {}", in.sender());
            return;
        }
        Channel target = out != null ? out : ctx.channel();
        InetSocketAddress to = in.sender();
        SsdpMessages current = messages.get();
        for (Notification n : hits) {
            Runnable send = () -> target.writeAndFlush(
                    new OutboundSsdp(current.response(n, ZonedDateTime.now(clock)), to), target.voidPromise());
            if (maxDelay == 0) {
                send.run();
            } else {
                ctx.executor().schedule(send, delayMillis.applyAsLong(maxDelay * 1000L), TimeUnit.MILLISECONDS);
            }
        }
    }
}
