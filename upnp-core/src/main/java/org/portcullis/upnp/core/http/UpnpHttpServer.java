package org.portcullis.upnp.core.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.portcullis.upnp.core.internal.http.BoundedAggregator;
import org.portcullis.upnp.core.internal.http.ErrorTail;
import org.portcullis.upnp.core.internal.http.HostHeaderPolicy;
import org.portcullis.upnp.core.internal.http.HttpRouter;
import org.portcullis.upnp.core.internal.http.LanConnectionFilter;
import org.portcullis.upnp.core.internal.http.RequestTimeouts;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.PipelineNames;
import org.portcullis.upnp.core.net.AddressScope;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanAddresses;
import org.portcullis.upnp.core.net.LanBindingException;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one LAN HTTP server of a device: description, control (SOAP), eventing (GENA) and presentation routes are
 * mounted on it by exact path.
 *
 * <p>It binds only to the addresses of the LAN interfaces it is given, never to the wildcard address nor to a global
 * IPv6 address, and closes connections whose source is not on a served LAN subnet before reading a byte. With
 * {@link Builder#ipv6(boolean)} it also listens on each interface's IPv6 ULA and link-local addresses (the latter
 * bound with the interface's scope id, so it answers on that link only). Requests are bounded by
 * {@link HttpLimits}; over a limit the peer gets 408, 411, 413, 414 or 431 and the connection closes.
 *
 * <p>DNS rebinding: every request's {@code Host} must name one of the bound addresses as an IP literal (IPv6 in
 * brackets; a link-local one with or without a zone, {@code [fe80::1%25lan0]} or {@code [fe80::1%lan0]}, the zone
 * being the client's and ignored), with or without the server's port. An HTTP/1.1 request without Host, with
 * several, or with a malformed one gets 400; a Host naming anything else (a rebound DNS name, another address or
 * port) gets 403. Both close the connection and are counted ({@code http.drop.host-invalid},
 * {@code http.drop.host-foreign}). HTTP/1.0 requests may omit Host. Keep-alive and pipelining (answers in request
 * order), chunked request bodies and {@code Expect: 100-continue} are supported.
 *
 * <pre>{@code
 * UpnpHttpServer server = UpnpHttpServer.builder()
 *         .lanPolicy(new LanPolicy(List.of(LanInterface.lookup("br-lan"))))
 *         .port(0)
 *         .route("/rootDesc.xml", request -> CompletableFuture.completedFuture(description))
 *         .start();
 * }</pre>
 *
 * <p>Thread-safe. Routes run on Netty event loops and must not block (see {@link UpnpHttpHandler}).
 */
public final class UpnpHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpnpHttpServer.class);

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private volatile List<Channel> channels;
    private final int port;
    private final DropCounters counters;
    private final Map<String, UpnpHttpHandler> routes;
    private volatile List<InetAddress> boundAddresses;
    private volatile LanPolicy policy; // the LAN rule of the connection filter; replaced by follow()
    private final ServerBootstrap bootstrap;
    private final boolean ipv6;
    private boolean closed; // guarded by this

    private UpnpHttpServer(Builder b, EventLoopGroup group, boolean ownsGroup) throws InterruptedException {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.counters = b.counters;
        this.routes = new ConcurrentHashMap<>(b.routes);
        this.policy = b.lanPolicy;
        this.ipv6 = b.ipv6;
        LanConnectionFilter filter = new LanConnectionFilter(source -> policy.permits(source), counters,
                b.limits.maxConnections(), b.limits.maxConnectionsPerSource());
        ErrorTail tail = new ErrorTail(counters);
        HostHeaderPolicy hosts = new HostHeaderPolicy(() -> boundAddresses);
        HttpLimits limits = b.limits;
        String serverHeader = b.serverHeader;
        HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxInitialLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(Math.min(8192, limits.maxBodyBytes()))
                .setValidateHeaders(true);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                // 1. LAN-only and connection caps, before any byte is read
                                .addLast(PipelineNames.LAN_CONNECTION_FILTER, filter)
                                // 2. idle connections close; a request not complete in time gets 408
                                .addLast(PipelineNames.READ_TIMEOUT, new RequestTimeouts(limits.idleTimeout(),
                                        limits.readTimeout(), counters))
                                // 3. bounded request line and headers
                                .addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec(decoderConfig))
                                // 4. bounded body; 100-continue and 413 handled here
                                .addLast(PipelineNames.HTTP_AGGREGATOR,
                                        new BoundedAggregator(limits.maxBodyBytes(), counters))
                                // 5. routes, in request order
                                .addLast(PipelineNames.HTTP_ROUTER,
                                        new HttpRouter(routes::get, serverHeader, counters,
                                                hosts, limits.maxHeaderCount()))
                                // 6. failures close the connection
                                .addLast(PipelineNames.ERROR_TAIL, tail);
                    }
                });
        List<Channel> bound = new ArrayList<>();
        List<InetAddress> addresses = new ArrayList<>();
        int chosenPort = b.port;
        try {
            for (InetAddress address : b.bindAddresses()) {
                Channel ch = bootstrap.bind(new InetSocketAddress(address, chosenPort)).sync().channel();
                bound.add(ch);
                addresses.add(address);
                chosenPort = ((InetSocketAddress) ch.localAddress()).getPort();
            }
        } catch (RuntimeException | InterruptedException e) {
            bound.forEach(Channel::close);
            throw e;
        }
        this.channels = List.copyOf(bound);
        this.boundAddresses = List.copyOf(addresses);
        this.port = chosenPort;
        this.bootstrap = bootstrap;
        LOG.info("HTTP server listening on port {} at {}", port, addresses);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound TCP port (the same on every address). */
    public int port() {
        return port;
    }

    /** The LAN addresses the server listens on. */
    public List<InetAddress> boundAddresses() {
        return boundAddresses;
    }

    /** Counters of refused connections and malformed requests. */
    public DropCounters counters() {
        return counters;
    }

    /** Adds or replaces a route at runtime. */
    public void route(String path, UpnpHttpHandler handler) {
        routes.put(requirePath(path), Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Follows a change of the served LAN interfaces (addressing, UDA 1.1 §0): binds the new addresses on the same
     * port, stops listening on addresses no longer served, and admits peers by the new policy. Open connections
     * from subnets no longer served are not cut. With no interface left the server stops listening until the next
     * call. Blocks while binding; do not call on an event loop.
     *
     * @throws LanBindingException when a new address cannot be bound (the others stay bound)
     */
    public synchronized void follow(List<LanInterface> lans) throws InterruptedException {
        if (closed) {
            return;
        }
        List<InetAddress> wanted = List.of();
        if (!lans.isEmpty()) {
            Builder nb = new Builder();
            nb.lanPolicy = new LanPolicy(lans);
            nb.ipv6 = ipv6;
            wanted = nb.bindAddresses();
            policy = nb.lanPolicy;
        }
        List<Channel> keep = new ArrayList<>();
        List<InetAddress> keepAddresses = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            if (wanted.contains(boundAddresses.get(i))) {
                keep.add(channels.get(i));
                keepAddresses.add(boundAddresses.get(i));
            } else {
                channels.get(i).close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
        LanBindingException failed = null;
        for (InetAddress a : wanted) {
            if (!keepAddresses.contains(a)) {
                ChannelFuture f = bootstrap.bind(new InetSocketAddress(a, port)).await();
                if (f.isSuccess()) {
                    keep.add(f.channel());
                    keepAddresses.add(a);
                } else {
                    failed = new LanBindingException("cannot bind HTTP to " + a.getHostAddress() + ':' + port + ": "
                            + f.cause());
                }
            }
        }
        channels = List.copyOf(keep);
        boundAddresses = List.copyOf(keepAddresses);
        LOG.info("HTTP server now listening on port {} at {}", port, keepAddresses);
        if (failed != null) {
            throw failed;
        }
    }

    /** Stops listening and closes every connection; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    private static String requirePath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + path);
        }
        return path;
    }

    /** Builder; {@link #lanPolicy(LanPolicy)} is required. */
    public static final class Builder {
        private LanPolicy lanPolicy;
        private int port;
        private HttpLimits limits = HttpLimits.defaults();
        private String serverHeader = "Linux UPnP/1.1 Portcullis/0.1";
        private EventLoopGroup group;
        private DropCounters counters = new DropCounters();
        private boolean ipv6;
        private final Map<String, UpnpHttpHandler> routes = new LinkedHashMap<>();

        private Builder() {}

        /** The served LAN interfaces; the server binds each one's addresses and admits only their subnets. */
        public Builder lanPolicy(LanPolicy v) {
            lanPolicy = Objects.requireNonNull(v, "lanPolicy");
            return this;
        }

        /** TCP port, 0 for any free port (the default). */
        public Builder port(int v) {
            if (v < 0 || v > 65535) {
                throw new IllegalArgumentException("port out of range: " + v);
            }
            port = v;
            return this;
        }

        public Builder limits(HttpLimits v) {
            limits = Objects.requireNonNull(v, "limits");
            return this;
        }

        /** The SERVER header value. */
        public Builder serverHeader(String v) {
            serverHeader = Objects.requireNonNull(v, "serverHeader");
            return this;
        }

        /**
         * Whether IPv6 LAN addresses are bound too (default: IPv4 only): unique local and link-local ones, the latter
         * with their interface's scope. Global IPv6 addresses are never bound ({@link LanInterface#onLinkGlobal()}).
         */
        public Builder ipv6(boolean v) {
            ipv6 = v;
            return this;
        }

        /** Share an event loop group (not shut down by {@link #close()}); by default the server owns one. */
        public Builder eventLoopGroup(EventLoopGroup v) {
            group = Objects.requireNonNull(v, "group");
            return this;
        }

        /** Where drops are counted (shared with other components if given). */
        public Builder counters(DropCounters v) {
            counters = Objects.requireNonNull(v, "counters");
            return this;
        }

        public Builder route(String path, UpnpHttpHandler handler) {
            routes.put(requirePath(path), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        List<InetAddress> bindAddresses() {
            List<InetAddress> out = new ArrayList<>();
            for (LanInterface i : lanPolicy.interfaces()) {
                for (LanAddress a : i.addresses()) {
                    InetAddress addr = a.address();
                    AddressScope scope = LanAddresses.classify(addr);
                    if (!scope.isLan()) {
                        throw new LanBindingException("refusing to bind HTTP to non-LAN address "
                                + addr.getHostAddress() + " of " + i.name());
                    }
                    if (addr instanceof Inet6Address v6) {
                        if (!ipv6) {
                            continue;
                        }
                        boolean unscoped = v6.getScopeId() == 0 && v6.getScopedInterface() == null;
                        if (scope == AddressScope.LINK_LOCAL && unscoped) {
                            if (i.index() <= 0) {
                                continue; // a link-local address cannot be bound without its interface
                            }
                            addr = scoped(v6, i.index());
                        }
                    }
                    out.add(addr);
                }
            }
            if (out.isEmpty()) {
                throw new LanBindingException("no LAN address to bind HTTP to");
            }
            return out;
        }

        private static InetAddress scoped(Inet6Address a, int index) {
            try {
                return Inet6Address.getByAddress(null, a.getAddress(), index);
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError("16 bytes are always an IPv6 address", e);
            }
        }

        /**
         * Binds and starts serving.
         *
         * @throws LanBindingException when there is no LAN address to bind
         * @throws InterruptedException when interrupted while binding
         */
        public UpnpHttpServer start() throws InterruptedException {
            if (lanPolicy == null) {
                throw new IllegalStateException("lanPolicy is required");
            }
            bindAddresses();
            boolean owns = group == null;
            EventLoopGroup g = owns ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) : group;
            try {
                return new UpnpHttpServer(this, g, owns);
            } catch (RuntimeException | InterruptedException e) {
                if (owns) {
                    g.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                }
                throw e;
            }
        }
    }
}
