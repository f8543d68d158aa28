package org.portcullis.upnp.core.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;

/**
 * Netty's aggregator (bounded body, {@code Expect: 100-continue}) with two changes: an over-long body always gets
 * 413 with {@code Connection: close} and the connection closes (Netty keeps a keep-alive connection open and
 * discards the rest, which lets a client stream an endless body); a POST or M-POST with neither
 * {@code Content-Length} nor chunked encoding is marked {@link LengthRequiredException}, which the router answers
 * with 411 (Netty would read it as an empty body and parse the real body as the next request).
 */
public final class BoundedAggregator extends HttpObjectAggregator {
    public static final String DROPPED_TOO_LARGE = "http.drop.body-too-large";
    private static final HttpMethod M_POST = HttpMethod.valueOf("M-POST");
    private static final RateLimitedLog HOSTILE = RateLimitedLog.security();

    private final DropCounters counters;

    public BoundedAggregator(int maxBodyBytes, DropCounters counters) {
        super(maxBodyBytes, true);
        this.counters = counters;
    }

    /** A request that must carry a body announced neither its length nor chunked encoding. */
    public static final class LengthRequiredException extends DecoderException {
        private static final long serialVersionUID = 1L;

        public LengthRequiredException() {
            super("request body without Content-Length or chunked encoding");
        }
    }

    @Override
    protected FullHttpMessage beginAggregation(HttpMessage start, ByteBuf content) throws Exception {
        boolean lengthMissing = start.decoderResult().isSuccess() && start instanceof HttpRequest r
                && (r.method().equals(HttpMethod.POST) || r.method().equals(M_POST))
                && !HttpUtil.isContentLengthSet(start) && !HttpUtil.isTransferEncodingChunked(start);
        FullHttpMessage aggregated = super.beginAggregation(start, content);
        if (lengthMissing) {
            aggregated.setDecoderResult(DecoderResult.failure(new LengthRequiredException()));
        }
        return aggregated;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        counters.increment(DROPPED_TOO_LARGE);
        HOSTILE.debug("413 to {}: body over the limit", ctx.channel().remoteAddress());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
