package org.portcullis.upnp.core.internal.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;

/**
 * Two timers on raw bytes, one armed at a time. While no request is in progress the idle timer runs: a silent
 * connection is closed. The first byte of a request arms the read deadline, which later bytes do not extend (a
 * per-read timer lets a slowloris client trickle one byte per period forever): when it passes, the peer gets 408
 * and the connection closes. While a received request is being answered no timer runs; the route's own timeout
 * bounds that. {@link HttpRouter} reports the transitions. One instance per connection; event-loop only.
 */
public final class RequestTimeouts extends ChannelInboundHandlerAdapter {
    public static final String IDLE_TIMEOUTS = "http.idle-timeout";
    public static final String READ_TIMEOUTS = ErrorTail.READ_TIMEOUTS;

    private static final byte[] REQUEST_TIMEOUT =
            "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
    private static final RateLimitedLog HOSTILE = RateLimitedLog.security();

    private enum State { IDLE, READING, ANSWERING }

    private final long idleNanos;
    private final long readNanos;
    private final DropCounters counters;
    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private ScheduledFuture<?> timer;

    public RequestTimeouts(Duration idle, Duration read, DropCounters counters) {
        this.idleNanos = idle.toNanos();
        this.readNanos = read.toNanos();
        this.counters = counters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            idle();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        idle();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.IDLE) {
            state = State.READING;
            arm(readNanos, this::readTimedOut);
        }
        ctx.fireChannelRead(msg);
    }

    /** A complete request reached the router: no timer until it is answered. */
    public void requestReceived() {
        state = State.ANSWERING;
        cancel();
    }

    /** Every received request is answered and the connection stays open: the idle timer runs again. */
    public void answered() {
        idle();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void idle() {
        state = State.IDLE;
        arm(idleNanos, () -> {
            counters.increment(IDLE_TIMEOUTS);
            ctx.close();
        });
    }

    private void readTimedOut() {
        counters.increment(READ_TIMEOUTS);
        HOSTILE.debug("408 to {}: request not complete within {} ms", ctx.channel().remoteAddress(),
                TimeUnit.NANOSECONDS.toMillis(readNanos));
        ctx.writeAndFlush(Unpooled.wrappedBuffer(REQUEST_TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
    }

    private void arm(long nanos, Runnable task) {
        cancel();
        timer = ctx.executor().schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
