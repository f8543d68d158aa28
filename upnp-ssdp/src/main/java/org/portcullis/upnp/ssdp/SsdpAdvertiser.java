package org.portcullis.upnp.ssdp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.LanSourceFilter;
import org.portcullis.upnp.core.net.LanBindingException;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.ssdp.internal.NetworkInterfaces;
import org.portcullis.upnp.ssdp.internal.Notification;
import org.portcullis.upnp.ssdp.internal.NotificationSet;
import org.portcullis.upnp.ssdp.internal.OutboundSsdp;
import org.portcullis.upnp.ssdp.internal.RateLimiter;
import org.portcullis.upnp.ssdp.internal.SearchResponder;
import org.portcullis.upnp.ssdp.internal.SsdpMessages;
import org.portcullis.upnp.ssdp.internal.SsdpPipeline;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a device tree over SSDP on each configured LAN interface and answers M-SEARCH (UDA 1.1 §1.2, §1.3).
 *
 * <pre>{@code
 * SsdpConfig config = SsdpConfig.builder()
 *         .interfaces(List.of(LanInterface.lookup("br-lan")))
 *         .eventLoopGroup(group)
 *         .build();
 * try (SsdpAdvertiser ssdp = SsdpAdvertiser.start(config, advertisement)) {
 *     ...
 * } // sends ssdp:byebye for every notification
 * }</pre>
 *
 * <p>Per interface there are two UDP sockets on the SSDP port: one bound to the group address and joined to it on
 * that interface only (multicast searches), one bound to the interface's IPv4 address (unicast searches, and the
 * source of every datagram we send, so responses come from the interface's address). Outgoing multicast uses
 * {@code IP_MULTICAST_IF} of that interface and TTL {@link SsdpConfig#multicastTtl()}; multicast loopback is on only
 * for a loopback interface. Each pipeline starts with core's LAN source filter (the source must be on a subnet
 * of that interface), then the strict decoder, the per-source search budget and the responder.
 *
 * <p>At start a byebye set is sent (IGD:2 requires it so that control points drop the previous instance), then the
 * alive set twice, then again every {@link SsdpConfig#aliveIntervalSeconds()} less up to 10% jitter.
 * {@link #close()} sends a byebye set and closes the sockets. Thread-safe.
 *
 * <p>Dropped input is counted in {@link #counters()} under {@value LanSourceFilter#DROPPED},
 * {@value #DROP_MALFORMED}, {@value #DROP_INVALID_SEARCH} and {@value #DROP_RATE_LIMITED}.
 */
public final class SsdpAdvertiser implements AutoCloseable {
    /** Counter: datagram that is not valid SSDP under the configured limits. */
    public static final String DROP_MALFORMED = "ssdp.drop.malformed";
    /** Counter: M-SEARCH over the per-source or global budget. */
    public static final String DROP_RATE_LIMITED = "ssdp.drop.rate-limited";
    /** Counter: M-SEARCH with a wrong MAN, a missing ST, or (multicast) a missing or invalid MX. */
    public static final String DROP_INVALID_SEARCH = "ssdp.drop.invalid-search";

    private static final Logger LOG = LoggerFactory.getLogger(SsdpAdvertiser.class);
    private static final long CLOSE_WAIT_MILLIS = 1000;

    private final SsdpConfig config;
    private final NotificationSet notifications;
    private final DropCounters counters = new DropCounters();
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<Future<?>> timers = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RateLimiter perSource;
    private final RateLimiter global;

    private SsdpAdvertiser(SsdpConfig config, Advertisement advertisement) {
        this.config = config;
        this.notifications = new NotificationSet(advertisement);
        // One budget for the whole advertiser: a response storm must not scale with the number of interfaces.
        this.perSource = RateLimiter.perSource(config.searchesPerSecondPerSource(), config.searchBurstPerSource(),
                config.maxTrackedSources(), System::nanoTime);
        this.global = RateLimiter.global(config.responsesPerSecond(), 2.0 * config.responsesPerSecond(),
                System::nanoTime);
        this.ownsGroup = config.eventLoopGroup() == null;
        this.group = ownsGroup ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory())
                : config.eventLoopGroup();
    }

    /**
     * Binds every interface and starts announcing.
     *
     * @throws LanBindingException  when an interface cannot be found, bound or joined (nothing stays open)
     * @throws InterruptedException when interrupted while binding
     */
    public static SsdpAdvertiser start(SsdpConfig config, Advertisement advertisement) throws InterruptedException {
        SsdpAdvertiser a = new SsdpAdvertiser(config, advertisement);
        boolean ok = false;
        try {
            for (LanInterface lan : config.interfaces()) {
                a.endpoints.add(a.open(lan, advertisement));
            }
            a.announce();
            ok = true;
        } finally {
            if (!ok) {
                a.closeQuietly();
            }
        }
        LOG.info("SSDP: advertising {} notifications on {} (port {}, BOOTID {})", a.notifications.all().size(),
                config.interfaces().stream().map(LanInterface::name).toList(), config.port(), config.bootId());
        return a;
    }

    /** Counters of dropped input; see the class documentation for the names. */
    public DropCounters counters() {
        return counters;
    }

    private Endpoint open(LanInterface lan, Advertisement ad) throws InterruptedException {
        NetworkInterface nif = NetworkInterfaces.of(lan);
        boolean loopback;
        try {
            loopback = nif.isLoopback();
        } catch (SocketException e) {
            throw new LanBindingException("cannot read interface " + lan.name() + ": " + e.getMessage());
        }
        InetAddress ip = lan.ipv4().orElseThrow().address();
        SsdpMessages messages = new SsdpMessages(
                config.multicastGroup().getHostAddress() + ':' + config.port(),
                "http://" + ip.getHostAddress() + ':' + ad.httpPort() + ad.descriptionPath(),
                config.serverHeader(), config.maxAgeSeconds(), config.bootId(), config.configId());
        LanPolicy policy = new LanPolicy(List.of(lan));

        Channel unicast = bind(lan, nif, loopback, new InetSocketAddress(ip, config.port()),
                new SearchResponder(false, notifications, messages, global, counters, null,
                        Clock.systemUTC(), SsdpAdvertiser::randomDelay), policy);
        Endpoint e = new Endpoint(lan, messages, unicast);
        Channel mcast = null;
        boolean ok = false;
        try {
            mcast = bind(lan, nif, loopback, new InetSocketAddress(config.multicastGroup(), config.port()),
                    new SearchResponder(true, notifications, messages, global, counters, unicast,
                            Clock.systemUTC(), SsdpAdvertiser::randomDelay), policy);
            ChannelFuture join = ((DatagramChannel) mcast)
                    .joinGroup(new InetSocketAddress(config.multicastGroup(), config.port()), nif).await();
            if (!join.isSuccess()) {
                throw new LanBindingException("cannot join " + config.multicastGroup().getHostAddress() + " on "
                        + lan.name() + ": " + join.cause());
            }
            e.multicast = mcast;
            ok = true;
        } finally {
            if (!ok) {
                unicast.close();
                if (mcast != null) {
                    mcast.close();
                }
            }
        }
        return e;
    }

    private Channel bind(LanInterface lan, NetworkInterface nif, boolean loopback, InetSocketAddress local,
            SearchResponder responder, LanPolicy policy) throws InterruptedException {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channelFactory(() -> new NioDatagramChannel(SocketProtocolFamily.INET))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.RECVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(config.limits().maxDatagramBytes() + 1))
                .option(NioChannelOption.of(StandardSocketOptions.IP_MULTICAST_IF), nif)
                .option(NioChannelOption.of(StandardSocketOptions.IP_MULTICAST_TTL), config.multicastTtl())
                .option(NioChannelOption.of(StandardSocketOptions.IP_MULTICAST_LOOP), loopback)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        SsdpPipeline.install(ch.pipeline(), policy::permits, config.limits(), perSource, responder,
                                counters);
                    }
                });
        ChannelFuture f = b.bind(local).await();
        if (!f.isSuccess()) {
            throw new LanBindingException("cannot bind SSDP socket " + local + " on " + lan.name() + ": "
                    + f.cause());
        }
        return f.channel();
    }

    private static long randomDelay(long boundMillis) {
        return ThreadLocalRandom.current().nextLong(boundMillis + 1);
    }

    private void announce() {
        for (Endpoint e : endpoints) {
            e.send(false);
            Channel ch = e.unicast;
            long first = 100 + ThreadLocalRandom.current().nextLong(101);
            synchronized (timers) {
                timers.add(ch.eventLoop().schedule(() -> e.send(true), first, TimeUnit.MILLISECONDS));
                timers.add(ch.eventLoop().schedule(() -> e.send(true), first + 1000, TimeUnit.MILLISECONDS));
            }
            schedulePeriodic(e);
        }
    }

    private void schedulePeriodic(Endpoint e) {
        long periodMillis = config.aliveIntervalSeconds() * 1000L;
        long delay = periodMillis - ThreadLocalRandom.current().nextLong(periodMillis / 10 + 1);
        synchronized (timers) {
            if (closed.get()) {
                return;
            }
            timers.removeIf(Future::isDone);
            timers.add(e.unicast.eventLoop().schedule(() -> {
                e.send(true);
                schedulePeriodic(e);
            }, delay, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Sends ssdp:byebye for every notification on every interface, then closes the sockets (and the event loop
     * group when the advertiser made it). Waits up to a second for the byebye datagrams unless called on an event
     * loop. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cancelTimers();
        List<ChannelFuture> sent = new ArrayList<>();
        for (Endpoint e : endpoints) {
            sent.addAll(e.send(false));
        }
        boolean mayWait = endpoints.stream().noneMatch(e -> e.unicast.eventLoop().inEventLoop());
        if (mayWait) {
            for (ChannelFuture f : sent) {
                f.awaitUninterruptibly(CLOSE_WAIT_MILLIS);
            }
        }
        closeChannels(mayWait);
        LOG.info("SSDP: stopped advertising on {}", config.interfaces().stream().map(LanInterface::name).toList());
    }

    private void closeQuietly() {
        closed.set(true);
        cancelTimers();
        closeChannels(true);
    }

    private void cancelTimers() {
        synchronized (timers) {
            timers.forEach(t -> t.cancel(false));
            timers.clear();
        }
    }

    private void closeChannels(boolean mayWait) {
        for (Endpoint e : endpoints) {
            for (Channel ch : new Channel[] {e.unicast, e.multicast}) {
                if (ch != null) {
                    ChannelFuture f = ch.close();
                    if (mayWait) {
                        f.awaitUninterruptibly(CLOSE_WAIT_MILLIS);
                    }
                }
            }
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** The sockets and messages of one interface. */
    private final class Endpoint {
        final LanInterface lan;
        final SsdpMessages messages;
        final Channel unicast;
        volatile Channel multicast;

        Endpoint(LanInterface lan, SsdpMessages messages, Channel unicast) {
            this.lan = lan;
            this.messages = messages;
            this.unicast = unicast;
        }

        /** Sends the alive or byebye set to the group. */
        List<ChannelFuture> send(boolean alive) {
            InetSocketAddress to = new InetSocketAddress(config.multicastGroup(), config.port());
            List<ChannelFuture> out = new ArrayList<>();
            for (Notification n : notifications.all()) {
                SsdpMessage m = alive ? messages.alive(n) : messages.byebye(n);
                out.add(unicast.write(new OutboundSsdp(m, to)));
            }
            unicast.flush();
            LOG.debug("SSDP: sent {} {} on {}", out.size(), alive ? "ssdp:alive" : "ssdp:byebye", lan.name());
            return out;
        }
    }
}
