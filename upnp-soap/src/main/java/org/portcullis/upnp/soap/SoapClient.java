package org.portcullis.upnp.soap;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.portcullis.upnp.core.internal.xml.XmlLimits;
import org.portcullis.upnp.soap.SoapTransportException.Kind;
import org.portcullis.upnp.soap.codec.SoapDecodingException;
import org.portcullis.upnp.soap.codec.SoapReader;
import org.portcullis.upnp.soap.codec.SoapWriter;
import org.portcullis.upnp.soap.internal.ClientExchange;

/**
 * The control-point side of UPnP control (UDA 1.1 §3.2): invokes an action on a device's {@code controlURL} and
 * maps the answer to an {@link ActionResponse} or a typed error.
 *
 * <pre>{@code
 * try (SoapClient client = SoapClient.builder().responseTimeout(Duration.ofSeconds(5)).build()) {
 *     ActionRequest get = new ActionRequest(UpnpType.service("WANIPConnection", 1), "GetExternalIPAddress",
 *             List.of());
 *     ActionResponse r = client.call(URI.create("http://192.168.1.1:5000/ctl/IPConn"), get);
 *     String ip = r.argument("NewExternalIPAddress").orElseThrow();
 * }
 * }</pre>
 *
 * <p>Each invocation opens one connection and sends one HTTP/1.1 {@code POST} with {@code Host: <host>:<port>},
 * {@code Content-Type: text/xml; charset="utf-8"}, a quoted {@code SOAPACTION: "<serviceType>#<action>"} and
 * {@code Connection: close}. The answer may use any namespace prefixes, omit the XML declaration, come chunked, or
 * be delimited by the connection's close; it is read by the same bounded, DTD-free {@link SoapReader} a device
 * uses.
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>over it</th></tr>
 *   <tr><td>{@code connectTimeout}</td><td>{@value #DEFAULT_CONNECT_TIMEOUT_MILLIS} ms</td>
 *       <td>{@link Kind#CONNECT_FAILED}</td></tr>
 *   <tr><td>{@code responseTimeout} (from connection to complete response)</td>
 *       <td>{@value #DEFAULT_RESPONSE_TIMEOUT_MILLIS} ms</td><td>{@link Kind#TIMEOUT}</td></tr>
 *   <tr><td>{@code maxResponseBytes} (body, de-chunked)</td><td>{@value #DEFAULT_MAX_RESPONSE_BYTES}</td>
 *       <td>{@link Kind#RESPONSE_TOO_LARGE}</td></tr>
 *   <tr><td>status line / all header lines</td><td>{@value #MAX_STATUS_LINE_BYTES} /
 *       {@value #MAX_HEADER_BYTES} bytes</td><td>{@link Kind#RESPONSE_TOO_LARGE}</td></tr>
 * </table>
 *
 * <p>Outcomes of {@link #invoke(URI, ActionRequest)}'s future:
 * <ul>
 *   <li>an {@code <action>Response} of the invoked action and service type (any version): completes with it;</li>
 *   <li>a UPnP fault (normally with HTTP 500): {@link SoapFaultException}, whose {@code errorCode()} is the
 *       device's (e.g. 718);</li>
 *   <li>another status without a fault (400, 404, 405, 412, 415, 501...): {@link SoapTransportException} of kind
 *       {@link Kind#HTTP_STATUS} with the status;</li>
 *   <li>anything else: {@link SoapTransportException} of the kind named in the table above, or
 *       {@link Kind#MALFORMED_RESPONSE}, {@link Kind#CONNECTION_CLOSED}, {@link Kind#CLIENT_CLOSED}.</li>
 * </ul>
 * Cancelling the future closes its connection.
 *
 * <p>Threads: without {@link Builder#eventLoopGroup(EventLoopGroup)} the client owns one NIO event loop thread
 * (daemon) and {@link #close()} stops it; a given group must be NIO-capable and stays the caller's. Thread-safe.
 */
public final class SoapClient implements AutoCloseable {
    /** Default connect timeout in milliseconds. */
    public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 3000;
    /** Default time for the complete response after the connection is made, in milliseconds. */
    public static final int DEFAULT_RESPONSE_TIMEOUT_MILLIS = 10000;
    /** Default cap on a response body: IGD answers are a few hundred bytes, a large vendor fault a few KiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 65536;
    /** Cap on the response's status line. */
    public static final int MAX_STATUS_LINE_BYTES = 1024;
    /** Cap on the response's header lines together. */
    public static final int MAX_HEADER_BYTES = 8192;
    /** Default {@code USER-AGENT} (UDA 1.1 §2.1 form: OS/version UPnP/1.1 product/version). */
    public static final String DEFAULT_USER_AGENT = "Java/17 UPnP/1.1 Portcullis/0.1";

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int maxResponseBytes;
    private final String userAgent;
    private final SoapReader reader;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ConcurrentHashMap<Channel, CompletableFuture<ActionResponse>> inFlight = new ConcurrentHashMap<>();

    private SoapClient(Builder b) {
        this.ownsGroup = b.group == null;
        this.group = ownsGroup
                ? new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("portcullis-soap-client", true),
                        NioIoHandler.newFactory())
                : b.group;
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.maxResponseBytes = b.maxResponseBytes;
        this.userAgent = b.userAgent;
        this.reader = SoapReader.create(XmlLimits.defaults());
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** A client with the defaults and its own event loop thread. */
    public static SoapClient create() {
        return builder().build();
    }

    /**
     * Invokes an action.
     *
     * @param controlUrl the service's absolute {@code controlURL} ({@code http} only)
     * @param request    the action and its in-arguments, sent in list order
     * @return completes with the response, or exceptionally with {@link SoapFaultException} or
     *     {@link SoapTransportException}; never with anything else
     * @throws IllegalArgumentException if the URL is not an absolute {@code http} URL with a host, or a name or
     *     value cannot be carried in XML
     */
    public CompletableFuture<ActionResponse> invoke(URI controlUrl, ActionRequest request) {
        Objects.requireNonNull(controlUrl, "controlUrl");
        Objects.requireNonNull(request, "request");
        Target target = Target.of(controlUrl);
        byte[] body = SoapWriter.writeRequest(request);
        CompletableFuture<ActionResponse> result = new CompletableFuture<>();
        if (closed.get()) {
            result.completeExceptionally(closedError());
            return result;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // 1. codec with bounded status line and headers; lenient line endings because some
                        //    gateway firmware ends header lines with a bare LF.
                        ch.pipeline().addLast(ClientExchange.HTTP_CODEC, new HttpClientCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(MAX_STATUS_LINE_BYTES)
                                .setMaxHeaderSize(MAX_HEADER_BYTES)
                                .setStrictLineParsing(false), false, false));
                        // 2. one bounded body (chunked or close-delimited answers end up here too)
                        ch.pipeline().addLast(ClientExchange.HTTP_AGGREGATOR,
                                new HttpObjectAggregator(maxResponseBytes));
                        // 3. completes the result
                        ch.pipeline().addLast(ClientExchange.EXCHANGE,
                                new ClientExchange<>(result, r -> interpret(request, r)));
                    }
                });
        ChannelFuture connect;
        try {
            connect = bootstrap.connect(target.host(), target.port());
        } catch (RuntimeException e) {
            // A group that has been shut down refuses the registration.
            result.completeExceptionally(new SoapTransportException(Kind.CONNECT_FAILED, "cannot connect", e));
            return result;
        }
        Channel channel = connect.channel();
        inFlight.put(channel, result);
        result.whenComplete((v, e) -> {
            inFlight.remove(channel);
            channel.close();
        });
        if (closed.get()) {
            result.completeExceptionally(closedError());
        }
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new SoapTransportException(Kind.CONNECT_FAILED,
                        "cannot connect to " + target.hostHeader(), f.cause()));
                return;
            }
            ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
                result.completeExceptionally(new SoapTransportException(Kind.TIMEOUT,
                        "no complete response within " + responseTimeout.toMillis() + " ms"));
            }, responseTimeout.toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((v, e) -> timer.cancel(false));
            channel.writeAndFlush(httpRequest(target, request, body)).addListener(w -> {
                if (!w.isSuccess()) {
                    result.completeExceptionally(new SoapTransportException(Kind.CONNECTION_CLOSED,
                            "request could not be sent", w.cause()));
                }
            });
        });
        return result;
    }

    /**
     * Invokes an action and waits for the answer (at most the connect plus the response timeout).
     *
     * @return the response
     * @throws SoapFaultException     the device answered with a UPnP fault
     * @throws SoapTransportException no UPnP answer (see the class documentation)
     * @throws InterruptedException   the calling thread was interrupted; the connection is closed
     */
    public ActionResponse call(URI controlUrl, ActionRequest request)
            throws SoapFaultException, SoapTransportException, InterruptedException {
        CompletableFuture<ActionResponse> f = invoke(controlUrl, request);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SoapFaultException fault) {
                throw fault;
            }
            if (cause instanceof SoapTransportException transport) {
                throw transport;
            }
            throw new IllegalStateException("unexpected failure", cause);
        } catch (CancellationException e) {
            throw new SoapTransportException(Kind.CLIENT_CLOSED, "invocation cancelled", e);
        }
    }

    private FullHttpRequest httpRequest(Target target, ActionRequest request, byte[] body) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, target.pathAndQuery(),
                Unpooled.wrappedBuffer(body));
        // Canonical capitalisation, as miniupnpc sends it: some gateway firmware matches header names by case.
        r.headers().set("Host", target.hostHeader());
        r.headers().set("Content-Type", "text/xml; charset=\"utf-8\"");
        r.headers().set("Content-Length", body.length);
        r.headers().set("SOAPAction", "\"" + request.serviceType().urn() + "#" + request.actionName() + "\"");
        r.headers().set("User-Agent", userAgent);
        r.headers().set("Connection", HttpHeaderValues.CLOSE);
        return r;
    }

    private CompletableFuture<ActionResponse> interpret(ActionRequest request, ClientExchange.Response response) {
        int status = response.status();
        ActionResult parsed = null;
        SoapDecodingException decodingError = null;
        if (response.body().length > 0) {
            try {
                parsed = reader.readResult(response.body());
            } catch (SoapDecodingException e) {
                decodingError = e;
            }
        }
        if (parsed instanceof SoapFault fault) {
            // Some gateways send faults with 200; the fault is what counts.
            return CompletableFuture.failedFuture(new SoapFaultException(fault));
        }
        if (status != 200) {
            return CompletableFuture.failedFuture(new SoapTransportException(Kind.HTTP_STATUS, status,
                    "HTTP " + status, decodingError));
        }
        if (parsed instanceof ActionResponse ok) {
            if (!ok.actionName().equals(request.actionName()) || !ok.serviceType().sameTypeAs(request.serviceType())) {
                return CompletableFuture.failedFuture(new SoapTransportException(Kind.MALFORMED_RESPONSE, 200,
                        "response names another action or service", null));
            }
            return CompletableFuture.completedFuture(ok);
        }
        return CompletableFuture.failedFuture(new SoapTransportException(Kind.MALFORMED_RESPONSE, 200,
                decodingError == null ? "empty body" : "body is not a SOAP response: " + decodingError.reason(),
                decodingError));
    }

    private static SoapTransportException closedError() {
        return new SoapTransportException(Kind.CLIENT_CLOSED, "client closed");
    }

    /** Fails the invocations in progress with {@link Kind#CLIENT_CLOSED} and stops the client's own thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        inFlight.values().forEach(f -> f.completeExceptionally(closedError()));
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Where a control URL points. */
    private record Target(String host, int port, String hostHeader, String pathAndQuery) {
        static Target of(URI url) {
            if (!url.isAbsolute() || url.getScheme() == null
                    || !url.getScheme().toLowerCase(Locale.ROOT).equals("http")) {
                throw new IllegalArgumentException("control URL must be an absolute http URL");
            }
            String host = url.getHost();
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException("control URL has no host");
            }
            int port = url.getPort() < 0 ? 80 : url.getPort();
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            String path = Optional.ofNullable(url.getRawPath()).filter(p -> !p.isEmpty()).orElse("/");
            if (url.getRawQuery() != null) {
                path = path + "?" + url.getRawQuery();
            }
            // Host as miniupnpc and pupnp send it: always with the port, IPv6 literal in brackets.
            return new Target(bare, port, host + ":" + port, path);
        }
    }

    /** Builder; each setter validates its value. Not thread-safe. */
    public static final class Builder {
        private EventLoopGroup group;
        private Duration connectTimeout = Duration.ofMillis(DEFAULT_CONNECT_TIMEOUT_MILLIS);
        private Duration responseTimeout = Duration.ofMillis(DEFAULT_RESPONSE_TIMEOUT_MILLIS);
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private String userAgent = DEFAULT_USER_AGENT;

        private Builder() {}

        /** Runs connections on this NIO group, which the caller keeps and shuts down; default: an own thread. */
        public Builder eventLoopGroup(EventLoopGroup v) {
            group = Objects.requireNonNull(v, "eventLoopGroup");
            return this;
        }

        /** Connect timeout; default {@value SoapClient#DEFAULT_CONNECT_TIMEOUT_MILLIS} ms. */
        public Builder connectTimeout(Duration v) {
            connectTimeout = positive(v, "connectTimeout");
            return this;
        }

        /** Time for the complete response once connected; default {@value SoapClient#DEFAULT_RESPONSE_TIMEOUT_MILLIS} ms. */
        public Builder responseTimeout(Duration v) {
            responseTimeout = positive(v, "responseTimeout");
            return this;
        }

        /** Cap on the response body; default {@value SoapClient#DEFAULT_MAX_RESPONSE_BYTES}. */
        public Builder maxResponseBytes(int v) {
            if (v <= 0) {
                throw new IllegalArgumentException("maxResponseBytes must be positive: " + v);
            }
            maxResponseBytes = v;
            return this;
        }

        /** The {@code USER-AGENT} value; default {@value SoapClient#DEFAULT_USER_AGENT}. */
        public Builder userAgent(String v) {
            Objects.requireNonNull(v, "userAgent");
            if (v.isEmpty() || v.length() > 256 || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("userAgent must be 1-256 printable ASCII characters");
            }
            userAgent = v;
            return this;
        }

        public SoapClient build() {
            return new SoapClient(this);
        }

        private static Duration positive(Duration v, String name) {
            Objects.requireNonNull(v, name);
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return v;
        }
    }
}
