package org.portcullis.upnp.core.internal.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Last inbound handler: closes on any failure; expected ones (timeouts, resets) are only counted. */
@ChannelHandler.Sharable
public final class ErrorTail extends ChannelInboundHandlerAdapter {
    public static final String READ_TIMEOUTS = "http.read-timeout";
    /** The peer closed (or we closed after a 408/413) in the middle of a request. */
    public static final String PREMATURE_CLOSES = "http.premature-close";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorTail.class);

    private final DropCounters counters;

    public ErrorTail(DropCounters counters) {
        this.counters = counters;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ReadTimeoutException) {
            counters.increment(READ_TIMEOUTS);
        } else if (cause instanceof PrematureChannelClosureException) {
            // A truncated body or a slowloris cut by the read deadline: expected hostile input, not a bug.
            counters.increment(PREMATURE_CLOSES);
        } else if (cause instanceof IOException) {
            LOG.debug("I/O error on {}: {}", ctx.channel(), cause.toString());
        } else {
            LOG.warn("unexpected failure on {}", ctx.channel(), cause);
        }
        ctx.close();
    }
}
