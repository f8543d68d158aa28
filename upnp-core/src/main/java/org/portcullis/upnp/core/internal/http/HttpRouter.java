package org.portcullis.upnp.core.internal.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.portcullis.upnp.core.http.UpnpHttpHandler;
import org.portcullis.upnp.core.http.UpnpHttpRequest;
import org.portcullis.upnp.core.http.UpnpHttpResponse;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches complete requests to routes by exact path, one at a time per connection so that pipelined requests
 * are answered in order. This is the one place that maps decoding failures to the wire: 414 for the request line,
 * 431 for headers, 400 for anything else malformed, and the connection closes.
 */
public final class HttpRouter extends ChannelInboundHandlerAdapter {
    public static final String DROPPED_MALFORMED = "http.drop.malformed";
    public static final String DROPPED_PIPELINE = "http.drop.pipeline-overflow";
    /** HTTP/1.1 without Host, several Host fields, or a malformed one (400). */
    public static final String DROPPED_HOST_INVALID = "http.drop.host-invalid";
    /** Host names something other than our own address and port: DNS rebinding (403). */
    public static final String DROPPED_HOST_FOREIGN = "http.drop.host-foreign";
    public static final String DROPPED_LENGTH_REQUIRED = "http.drop.length-required";
    public static final String DROPPED_HEADER_COUNT = "http.drop.header-count";
    /** Pipelined requests waiting behind the one in progress, per connection. */
    static final int MAX_QUEUED = 16;
    /** Statuses after which the connection is not trusted for another request. */
    private static final java.util.Set<Integer> CLOSING_STATUSES =
            java.util.Set.of(400, 403, 408, 411, 413, 414, 415, 431);

    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);
    private static final RateLimitedLog HOSTILE = RateLimitedLog.security();

    private final Function<String, UpnpHttpHandler> routes;
    private final String serverHeader;
    private final DropCounters counters;
    private final HostHeaderPolicy hosts;
    private final int maxHeaderCount;
    private final ArrayDeque<FullHttpRequest> queue = new ArrayDeque<>();
    private boolean busy;

    public HttpRouter(Function<String, UpnpHttpHandler> routes, String serverHeader, DropCounters counters,
            HostHeaderPolicy hosts, int maxHeaderCount) {
        this.routes = routes;
        this.serverHeader = serverHeader;
        this.counters = counters;
        this.hosts = hosts;
        this.maxHeaderCount = maxHeaderCount;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            request.release();
            rejectMalformed(ctx, result.cause());
            return;
        }
        RequestTimeouts timeouts = ctx.pipeline().get(RequestTimeouts.class);
        if (timeouts != null) {
            timeouts.requestReceived();
        }
        if (request.headers().size() > maxHeaderCount) {
            request.release();
            reject(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, DROPPED_HEADER_COUNT, "header count");
            return;
        }
        HostHeaderPolicy.Verdict host = hosts.judge(request.headers().getAll(HttpHeaderNames.HOST),
                request.protocolVersion().equals(HttpVersion.HTTP_1_1),
                (InetSocketAddress) ctx.channel().localAddress());
        if (host == HostHeaderPolicy.Verdict.INVALID || host == HostHeaderPolicy.Verdict.FOREIGN) {
            request.release();
            boolean invalid = host == HostHeaderPolicy.Verdict.INVALID;
            reject(ctx, invalid ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.FORBIDDEN,
                    invalid ? DROPPED_HOST_INVALID : DROPPED_HOST_FOREIGN, "Host");
            return;
        }
        if (busy) {
            if (queue.size() >= MAX_QUEUED) {
                request.release();
                counters.increment(DROPPED_PIPELINE);
                ctx.close();
                return;
            }
            queue.add(request);
            return;
        }
        dispatch(ctx, request);
    }

    private void rejectMalformed(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof BoundedAggregator.LengthRequiredException) {
            reject(ctx, HttpResponseStatus.LENGTH_REQUIRED, DROPPED_LENGTH_REQUIRED, "no Content-Length");
            return;
        }
        HttpResponseStatus status;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        } else if (cause instanceof TooLongFrameException) {
            status = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
        }
        reject(ctx, status, DROPPED_MALFORMED, cause);
    }

    /** The one place a refused request is answered: status, no body, Connection: close, then close. */
    private void reject(ChannelHandlerContext ctx, HttpResponseStatus status, String counter, Object why) {
        counters.increment(counter);
        HOSTILE.debug("{} to {}: {}", status.code(), ctx.channel().remoteAddress(), why);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        busy = true;
        queue.forEach(ReferenceCountUtil::release);
        queue.clear();
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        UpnpHttpRequest upnp;
        UpnpHttpHandler handler;
        try {
            upnp = toUpnp(ctx, request);
            handler = routes.apply(upnp.path());
        } finally {
            request.release();
        }
        CompletionStage<UpnpHttpResponse> stage;
        if (handler == null) {
            stage = java.util.concurrent.CompletableFuture.completedFuture(UpnpHttpResponse.text(
                    404, "text/plain; charset=utf-8", "Not Found\n"));
        } else {
            try {
                stage = handler.handle(upnp);
            } catch (RuntimeException e) {
                LOG.warn("route {} failed for {} on {}", upnp.path(), upnp.remote(), ctx.channel(), e);
                stage = java.util.concurrent.CompletableFuture.completedFuture(UpnpHttpResponse.status(500));
            }
        }
        stage.whenComplete((response, error) -> {
            UpnpHttpResponse out = response;
            if (error != null || response == null) {
                LOG.warn("route {} failed for {} on {}", upnp.path(), upnp.remote(), ctx.channel(), error);
                out = UpnpHttpResponse.status(500);
            }
            UpnpHttpResponse done = out;
            ctx.executor().execute(() -> write(ctx, upnp, done, keepAlive));
        });
    }

    private void write(ChannelHandlerContext ctx, UpnpHttpRequest request, UpnpHttpResponse response,
            boolean keepAlive) {
        byte[] body = response.body();
        boolean head = request.method().equals("HEAD");
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (!response.contentType().isEmpty()) {
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        out.headers().set(HttpHeaderNames.SERVER, serverHeader);
        out.headers().set(HttpHeaderNames.DATE,
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        response.headers().forEach((k, v) -> out.headers().set(k, v));
        boolean close = !keepAlive || CLOSING_STATUSES.contains(response.status());
        if (close) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            queue.forEach(ReferenceCountUtil::release);
            queue.clear();
            return;
        }
        ctx.writeAndFlush(out).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
        FullHttpRequest next = queue.poll();
        if (next == null) {
            busy = false;
            RequestTimeouts timeouts = ctx.pipeline().get(RequestTimeouts.class);
            if (timeouts != null) {
                timeouts.answered();
            }
        } else {
            dispatch(ctx, next);
        }
    }

    private static UpnpHttpRequest toUpnp(ChannelHandlerContext ctx, FullHttpRequest request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (path.startsWith("http://")) {
            int slash = path.indexOf('/', 7);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                    .add(h.getValue());
        }
        return new UpnpHttpRequest(request.method().name(), path, headers, ByteBufUtil.getBytes(request.content()),
                (InetSocketAddress) ctx.channel().remoteAddress(), (InetSocketAddress) ctx.channel().localAddress());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        queue.forEach(ReferenceCountUtil::release);
        queue.clear();
        ctx.fireChannelInactive();
    }
}
