package org.portcullis.upnp.gena.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.portcullis.upnp.gena.codec.GenaHeaders;

/**
 * Sends one NOTIFY per connection ({@code CONNECTION: close}) and completes with the response status. The connect
 * is bounded by the connect timeout and the rest of the exchange by the response timeout; a response larger than
 * the cap fails. Redirects are never followed: a 3xx is just a status, which the publisher counts as a failure.
 * Nothing here blocks: all work runs on the group's event loops.
 */
public final class NotifySender {
    private static final HttpMethod NOTIFY = HttpMethod.valueOf("NOTIFY");

    private final EventLoopGroup group;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int maxResponseBytes;

    public NotifySender(EventLoopGroup group, Duration connectTimeout, Duration responseTimeout,
            int maxResponseBytes) {
        this.group = group;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** Delivers {@code body} to {@code url} at {@code target}; completes with the HTTP status or an IOException. */
    public CompletableFuture<Integer> send(URI url, InetSocketAddress target, String sid, long seq, byte[] body) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        connectTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("httpClientCodec", new HttpClientCodec(
                                1024, maxResponseBytes, maxResponseBytes));
                        ch.pipeline().addLast("httpAggregator", new HttpObjectAggregator(maxResponseBytes));
                        ch.pipeline().addLast("notifyResponse", new ResponseHandler(result));
                    }
                });
        ChannelFuture connect;
        try {
            connect = b.connect(target);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            Channel ch = connect.channel();
            var timeout = ch.eventLoop().schedule(() -> {
                result.completeExceptionally(new IOException("NOTIFY response timeout"));
                ch.close();
            }, responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
            result.whenComplete((s, e) -> {
                timeout.cancel(false);
                ch.close();
            });
            ch.writeAndFlush(request(url, target, sid, seq, body)).addListener(w -> {
                if (!w.isSuccess()) {
                    result.completeExceptionally(w.cause());
                }
            });
        });
        return result;
    }

    private static FullHttpRequest request(URI url, InetSocketAddress target, String sid, long seq, byte[] body) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path = path + '?' + url.getRawQuery();
        }
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, NOTIFY, path,
                Unpooled.wrappedBuffer(body));
        String host = target.getAddress() instanceof java.net.Inet6Address
                ? '[' + target.getAddress().getHostAddress() + ']'
                : target.getAddress().getHostAddress();
        r.headers().set(HttpHeaderNames.HOST, host + ':' + target.getPort());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=\"utf-8\"");
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        r.headers().set("NT", GenaHeaders.NT_EVENT);
        r.headers().set("NTS", GenaHeaders.NTS_PROPCHANGE);
        r.headers().set("SID", sid);
        r.headers().set("SEQ", Long.toString(seq));
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return r;
    }

    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final CompletableFuture<Integer> result;

        ResponseHandler(CompletableFuture<Integer> result) {
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (response.decoderResult().isFailure()) {
                result.completeExceptionally(new IOException("malformed NOTIFY response"));
            } else {
                result.complete(response.status().code());
            }
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IOException("closed before a NOTIFY response"));
            ctx.fireChannelInactive();
        }
    }
}
