package org.portcullis.upnp.igd.client.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
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
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.portcullis.upnp.igd.client.GatewayException;
import org.portcullis.upnp.igd.client.GatewayException.Kind;

/**
 * One HTTP/1.1 GET (descriptions; SOAP goes through {@code SoapClient}) and its complete answer on a fresh connection ({@code Connection: close}), bounded in time
 * (connect plus whole exchange) and size (status line, headers, body). Hosts must be IP literals: a name would need
 * a blocking DNS lookup, and a device description naming another host is not followed.
 */
public final class HttpExchange {
    public static final int MAX_INITIAL_LINE = 1024;
    public static final int MAX_HEADER_BYTES = 8192;
    static final String USER_AGENT = "Portcullis/0.1 UPnP/1.1 PortcullisClient/0.1";

    /** The answer: status, the {@code Server} header (or empty), and the body. */
    public record Response(int status, String server, byte[] body) {
        public Response {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(body, "body");
        }
    }

    private final EventLoopGroup group;
    private final Duration timeout;
    private final int maxBodyBytes;
    private final Set<CompletableFuture<Response>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public HttpExchange(EventLoopGroup group, Duration timeout, int maxBodyBytes) {
        this.group = Objects.requireNonNull(group, "group");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The socket address of an {@code http} URL whose host is an IP literal. */
    public static InetSocketAddress endpoint(URI uri) throws GatewayException {
        if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("http") || uri.getHost() == null) {
            throw GatewayException.of(Kind.MALFORMED, "not an http URL with a host: " + Text.clip(uri.toString()));
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        byte[] raw = NetUtil.createByteArrayFromIpAddressString(host);
        if (raw == null) {
            throw GatewayException.of(Kind.MALFORMED, "host is not an IP literal: " + Text.clip(host));
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(raw), uri.getPort() < 0 ? 80 : uri.getPort());
        } catch (UnknownHostException e) {
            throw GatewayException.of(Kind.MALFORMED, "bad address " + Text.clip(host), e);
        }
    }

    public CompletableFuture<Response> get(URI uri) {
        return send(uri, HttpMethod.GET, Map.of(), new byte[0]);
    }

    private CompletableFuture<Response> send(URI uri, HttpMethod method, Map<String, String> headers, byte[] body) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        if (closed) {
            // checked first: registering on a terminated event loop makes Netty log a warning with a stack trace
            result.completeExceptionally(GatewayException.of(Kind.IO, "client is closed"));
            return result;
        }
        pending.add(result);
        result.whenComplete((r, e) -> pending.remove(result));
        InetSocketAddress to;
        try {
            to = endpoint(uri);
        } catch (GatewayException e) {
            result.completeExceptionally(e);
            return result;
        }
        long millis = Math.max(1, timeout.toMillis());
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, millis))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // 1. codec with small line/header caps, 2. aggregator capped at maxBodyBytes, 3. result.
                        ch.pipeline()
                                .addLast("httpCodec", new HttpClientCodec(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(MAX_INITIAL_LINE)
                                        .setMaxHeaderSize(MAX_HEADER_BYTES)
                                        .setMaxChunkSize(8192)
                                        // some gateway firmware ends header lines with a bare LF
                                        .setStrictLineParsing(false), false, false))
                                .addLast("aggregator", new HttpObjectAggregator(maxBodyBytes))
                                .addLast("response", new ResponseHandler(result));
                    }
                });
        ChannelFuture connect;
        try {
            connect = b.connect(to);
        } catch (RuntimeException e) {
            // the group is shut down (client closed)
            result.completeExceptionally(GatewayException.of(Kind.IO, "client is closed", e));
            return result;
        }
        Channel ch = connect.channel();
        ScheduledFuture<?> timer;
        try {
            timer = ch.eventLoop().schedule(() -> {
                result.completeExceptionally(GatewayException.of(Kind.TIMEOUT,
                        "no complete answer from " + to + " within " + millis + " ms"));
            }, millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            ch.close();
            result.completeExceptionally(GatewayException.of(Kind.IO, "client is closed", e));
            return result;
        }
        result.whenComplete((r, e) -> {
            timer.cancel(false);
            ch.close();
        });
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(GatewayException.of(Kind.IO,
                        "cannot connect to " + to + ": " + f.cause().getMessage(), f.cause()));
                return;
            }
            ch.writeAndFlush(request(uri, to, method, headers, body)).addListener(w -> {
                if (!w.isSuccess()) {
                    result.completeExceptionally(GatewayException.of(Kind.IO, "cannot send to " + to, w.cause()));
                }
            });
        });
        return result;
    }

    /** Refuses new exchanges and fails every exchange still running; called when the client closes. */
    public void failPending() {
        closed = true;
        for (CompletableFuture<Response> f : List.copyOf(pending)) {
            f.completeExceptionally(GatewayException.of(Kind.IO, "client closed"));
        }
    }

    private static FullHttpRequest request(URI uri, InetSocketAddress to, HttpMethod method,
            Map<String, String> headers, byte[] body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + '?' + uri.getRawQuery();
        }
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                Unpooled.wrappedBuffer(body));
        String host = NetUtil.toAddressString(to.getAddress());
        if (to.getAddress() instanceof java.net.Inet6Address) {
            host = '[' + host + ']';
        }
        req.headers().set(HttpHeaderNames.HOST, host + ':' + to.getPort());
        req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        req.headers().set(HttpHeaderNames.USER_AGENT, USER_AGENT);
        if (method.equals(HttpMethod.POST)) {
            req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        headers.forEach(req.headers()::set);
        return req;
    }

    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final CompletableFuture<Response> result;

        ResponseHandler(CompletableFuture<Response> result) {
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            if (msg.decoderResult().isFailure()) {
                result.completeExceptionally(GatewayException.of(Kind.MALFORMED,
                        "bad HTTP answer: " + Text.clip(String.valueOf(msg.decoderResult().cause().getMessage()))));
                return;
            }
            String server = msg.headers().get(HttpHeaderNames.SERVER, "");
            result.complete(new Response(msg.status().code(), Text.clip(server), ByteBufUtil.getBytes(msg.content())));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(GatewayException.of(Kind.IO, "connection closed before a complete answer"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Kind kind = cause instanceof TooLongFrameException ? Kind.MALFORMED : Kind.IO;
            result.completeExceptionally(GatewayException.of(kind, "HTTP exchange failed: "
                    + Text.clip(String.valueOf(cause.getMessage())), cause));
            ctx.close();
        }
    }
}
