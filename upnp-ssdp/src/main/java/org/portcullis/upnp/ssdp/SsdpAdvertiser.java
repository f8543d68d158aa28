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
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
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
 * <p>With {@link SsdpConfig#ipv6()} an interface that has an IPv6 unique local address gets the same pair of sockets
 * for {@code [FF02::C]:1900} (and {@code [FF05::C]:1900} with {@link SsdpConfig#ipv6SiteLocal()}); LOCATION then
 * names that ULA; NOTIFYs to FF05::C carry {@code HOST: [ff05::c]:1900}. An interface with only link-local IPv6
 * addresses gets the pair for {@code [FF02::C]:1900} only (FF05::C needs a ULA or global source, UDA 2.0 Annex A),
 * bound to its link-local address with its scope, and LOCATION names that address without a zone,
 * {@code http://[fe80::1]:port/path} (see {@link NetworkInterfaces#uriHost}); a control point adds the zone of the
 * interface it heard us on. A global IPv6 address of the interface is never used.
 * IPv6 sources must be on the interface's subnets (a link-local one on this very link, a ULA, or the interface's
 * on-link global prefix) like IPv4 ones.
 *
 * <p>At start a byebye set is sent (IGD:2 requires it so that control points drop the previous instance), then the
 * full alive set ({@code 3+2d+k} datagrams) twice, 100..200 ms and about a second later with jitter, then again every
 * {@link SsdpConfig#aliveIntervalSeconds()} (below max-age/2) less up to 10% jitter. {@link #close()} sends a byebye
 * set and closes the sockets. Thread-safe.
 *
 * <p>{@link #update(List)} follows address changes: interfaces that are gone or changed send byebye (from the new
 * socket when the old address is gone), the interfaces that stay send ssdp:update with NEXTBOOTID, BOOTID is
 * incremented, and every interface announces alive again.
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
    private static final int IPV6_HOP_LIMIT = 10;

    private final SsdpConfig config;
    private final Advertisement advertisement;
    private final NotificationSet notifications;
    private final DropCounters counters = new DropCounters();
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final List<Endpoint> endpoints = new ArrayList<>(); // guarded by this
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RateLimiter perSource;
    private final RateLimiter perSourceResponses;
    private final RateLimiter global;
    private volatile long bootId;

    private SsdpAdvertiser(SsdpConfig config, Advertisement advertisement) {
        this.config = config;
        this.advertisement = advertisement;
        this.notifications = new NotificationSet(advertisement);
        this.bootId = config.bootId();
        // One budget for the whole advertiser: a response storm must not scale with the number of interfaces.
        this.perSource = RateLimiter.perSource(config.searchesPerSecondPerSource(), config.searchBurstPerSource(),
                config.maxTrackedSources(), System::nanoTime);
        this.perSourceResponses = RateLimiter.perSource(config.responsesPerSecondPerSource(),
                2.0 * config.responsesPerSecondPerSource(), config.maxTrackedSources(), System::nanoTime);
        this.global = RateLimiter.global(config.responsesPerSecond(), 2.0 * config.responsesPerSecond(),
                System::nanoTime);
        this.ownsGroup = config.eventLoopGroup() == null;
        this.group = ownsGroup ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory())
                : config.eventLoopGroup();
    }

    /**
     * Binds every interface and starts announcing.
     *
     * @throws LanBindingException  when an interface cannot be found, bound or joined (nothing stays open); an
     *                              interface served over IPv4 whose IPv6 sockets fail is served over IPv4 only, with a
     *                              warning
     * @throws InterruptedException when interrupted while binding
     */
    public static SsdpAdvertiser start(SsdpConfig config, Advertisement advertisement) throws InterruptedException {
        SsdpAdvertiser a = new SsdpAdvertiser(config, advertisement);
        boolean ok = false;
        try {
            synchronized (a) {
                for (LanInterface lan : config.interfaces()) {
                    a.endpoints.addAll(a.open(lan));
                }
                for (Endpoint e : a.endpoints) {
                    e.send(Nts.BYEBYE);
                    a.announce(e);
                }
            }
            ok = true;
        } finally {
            if (!ok) {
                a.closeQuietly();
            }
        }
        LOG.info("SSDP: advertising {} notifications on {} (port {}, BOOTID {})", a.notifications.all().size(),
                a.endpointNames(), config.port(), a.bootId);
        return a;
    }

    /** Counters of dropped input; see the class documentation for the names. */
    public DropCounters counters() {
        return counters;
    }

    /** The current BOOTID.UPNP.ORG. */
    public long bootId() {
        return bootId;
    }

    /** The interfaces currently served, in order. */
    public synchronized List<LanInterface> interfaces() {
        return endpoints.stream().map(e -> e.lan).distinct().toList();
    }

    /**
     * Follows a change of the served interfaces or their addresses (UDA 1.1 §1.2.4 and the single-homed rule of
     * §1.2.2): nothing happens when {@code lans} equals {@link #interfaces()}. Otherwise, per interface and address
     * family: sockets of interfaces that are gone send a byebye set (best effort: their address may be gone
     * already); those whose own address changed are re-bound and send the byebye set from the new socket; the others
     * keep their sockets (their source rule follows the interface's new subnets) and send ssdp:update with
     * NEXTBOOTID; a family that appears (an IPv6 address finishing DAD) gets new sockets. BOOTID is incremented, and
     * every served interface announces the alive set again. An interface that cannot be
     * bound is skipped with a warning. Blocks while binding; do not call on an event loop.
     *
     * @return whether anything changed
     */
    public synchronized boolean update(List<LanInterface> lans) throws InterruptedException {
        if (closed.get()) {
            return false;
        }
        List<LanInterface> now = interfaces();
        if (now.equals(List.copyOf(lans))) {
            return false;
        }
        List<Endpoint> kept = new ArrayList<>();
        List<Endpoint> dropped = new ArrayList<>();
        for (Endpoint e : endpoints) {
            // An endpoint whose own address is unchanged keeps its sockets (only its source rule follows the
            // interface): an IPv6 address finishing DAD must not take the IPv4 sockets down for a moment.
            LanInterface next = lans.stream().filter(l -> l.name().equals(e.lan.name()) && l.index() == e.lan.index()
                    && e.address.equals(address(l, e.v6))).findFirst().orElse(null);
            if (next != null) {
                e.follow(next);
                kept.add(e);
            } else {
                dropped.add(e);
            }
        }
        List<Endpoint> added = new ArrayList<>();
        for (LanInterface lan : lans) {
            boolean hasV4 = kept.stream().anyMatch(e -> e.lan.equals(lan) && !e.v6);
            boolean hasV6 = kept.stream().anyMatch(e -> e.lan.equals(lan) && e.v6);
            if (hasV4 && (hasV6 || address(lan, true) == null)) {
                continue;
            }
            try {
                added.addAll(open(lan, !hasV4, !hasV6));
            } catch (LanBindingException e) {
                LOG.warn("SSDP: cannot serve {} after its change: {}", lan.name(), e.getMessage());
            }
        }
        long next = bootId >= Integer.MAX_VALUE ? 1 : bootId + 1;
        for (Endpoint e : dropped) {
            e.stop();
            Endpoint successor = added.stream()
                    .filter(a -> a.lan.name().equals(e.lan.name()) && a.v6 == e.v6).findFirst().orElse(null);
            (successor != null ? successor : e).send(Nts.BYEBYE);
            e.closeChannels(false);
        }
        for (Endpoint e : kept) {
            e.sendUpdate(next);
        }
        bootId = next;
        endpoints.clear();
        endpoints.addAll(kept);
        endpoints.addAll(added);
        for (Endpoint e : endpoints) {
            e.messages = e.messages.withBootId(next);
            e.stop();
            announce(e);
        }
        LOG.info("SSDP: interfaces changed, now {} with BOOTID {}", endpointNames(), next);
        return true;
    }

    private List<String> endpointNames() {
        return endpoints.stream().map(e -> e.lan.name() + '/' + e.family).toList();
    }

    /** The address an endpoint of this family binds on {@code lan}, or null when there is none. */
    private InetAddress address(LanInterface lan, boolean v6) {
        if (!v6) {
            return lan.ipv4().map(a -> a.address()).orElse(null);
        }
        return config.ipv6() ? NetworkInterfaces.ipv6(lan).map(a -> a.address()).orElse(null) : null;
    }

    private List<Endpoint> open(LanInterface lan) throws InterruptedException {
        return open(lan, true, true);
    }

    private List<Endpoint> open(LanInterface lan, boolean v4, boolean v6) throws InterruptedException {
        NetworkInterface nif = NetworkInterfaces.of(lan);
        boolean loopback;
        try {
            loopback = nif.isLoopback();
        } catch (SocketException e) {
            throw new LanBindingException("cannot read interface " + lan.name() + ": " + e.getMessage());
        }
        List<Endpoint> out = new ArrayList<>();
        boolean ok = false;
        try {
            if (v4 && address(lan, false) != null) {
                out.add(open(lan, nif, loopback, address(lan, false), List.of(config.multicastGroup())));
            }
            if (v6 && address(lan, true) != null) {
                InetAddress ip = address(lan, true);
                List<InetAddress> groups = new ArrayList<>();
                groups.add(ipv6Group(0x02, nif));
                if (config.ipv6SiteLocal() && !ip.isLinkLocalAddress()) {
                    groups.add(ipv6Group(0x05, null));
                }
                try {
                    out.add(open(lan, nif, loopback, ip, groups));
                } catch (LanBindingException e) {
                    if (out.isEmpty() && v4) {
                        throw e;
                    }
                    // IPv4 goes on; the next address change on this interface retries IPv6
                    LOG.warn("SSDP: not serving IPv6 on {}: {}", lan.name(), e.getMessage());
                }
            }
            ok = true;
        } finally {
            if (!ok) {
                out.forEach(e -> e.closeChannels(false));
            }
        }
        return out;
    }

    private static InetAddress ipv6Group(int scope, NetworkInterface nif) {
        byte[] b = new byte[16];
        b[0] = (byte) 0xFF;
        b[1] = (byte) scope;
        b[15] = 0x0C;
        try {
            return nif == null ? InetAddress.getByAddress(b) : Inet6Address.getByAddress(null, b, nif);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private Endpoint open(LanInterface lan, NetworkInterface nif, boolean loopback, InetAddress ip,
            List<InetAddress> groups) throws InterruptedException {
        boolean v6 = ip instanceof Inet6Address;
        InetAddress firstGroup = groups.get(0);
        String hostPart = NetworkInterfaces.uriHost(firstGroup);
        String ipPart = NetworkInterfaces.uriHost(ip);
        SsdpMessages messages = new SsdpMessages(hostPart + ':' + config.port(),
                "http://" + ipPart + ':' + advertisement.httpPort() + advertisement.descriptionPath(),
                config.serverHeader(), config.maxAgeSeconds(), bootId, config.configId(), config.searchPort());
        Endpoint e = new Endpoint(lan, ip, messages, groups);
        Predicate<InetAddress> policy = source -> e.policy.permits(source);
        Channel unicast = bind(lan, nif, loopback, v6, new InetSocketAddress(ip, config.searchPort()),
                new SearchResponder(false, notifications, () -> e.messages, perSourceResponses, global, counters,
                        null, Clock.systemUTC(), SsdpAdvertiser::randomDelay), policy);
        e.unicast = unicast;
        boolean ok = false;
        try {
            for (InetAddress g : groups) {
                Channel mcast = bind(lan, nif, loopback, v6, new InetSocketAddress(g, config.port()),
                        new SearchResponder(true, notifications, () -> e.messages, perSourceResponses, global,
                                counters, unicast, Clock.systemUTC(), SsdpAdvertiser::randomDelay), policy);
                e.multicast.add(mcast);
                ChannelFuture join = ((DatagramChannel) mcast)
                        .joinGroup(new InetSocketAddress(g, config.port()), nif).await();
                if (!join.isSuccess()) {
                    throw new LanBindingException("cannot join " + g.getHostAddress() + " on " + lan.name() + ": "
                            + join.cause());
                }
            }
            ok = true;
        } finally {
            if (!ok) {
                e.closeChannels(false);
            }
        }
        return e;
    }

    private Channel bind(LanInterface lan, NetworkInterface nif, boolean loopback, boolean v6,
            InetSocketAddress local, SearchResponder responder, Predicate<InetAddress> policy)
            throws InterruptedException {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channelFactory(() -> new NioDatagramChannel(v6 ? SocketProtocolFamily.INET6
                        : SocketProtocolFamily.INET))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.RECVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(config.limits().maxDatagramBytes() + 1))
                .option(NioChannelOption.of(StandardSocketOptions.IP_MULTICAST_IF), nif)
                .option(NioChannelOption.of(StandardSocketOptions.IP_MULTICAST_TTL),
                        v6 ? IPV6_HOP_LIMIT : config.multicastTtl())
                .option(NioChannelOption.of(StandardSocketOptions.IP_MULTICAST_LOOP), loopback)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        SsdpPipeline.install(ch.pipeline(), policy, config.limits(), perSource, responder,
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

    /** Two alive sets (100..200 ms and about 1 s from now, with jitter), then the periodic one. */
    private void announce(Endpoint e) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long first = 100 + r.nextLong(101);
        e.schedule(() -> e.send(Nts.ALIVE), first);
        e.schedule(() -> e.send(Nts.ALIVE), first + 900 + r.nextLong(201));
        schedulePeriodic(e);
    }

    private void schedulePeriodic(Endpoint e) {
        long periodMillis = config.aliveIntervalSeconds() * 1000L;
        long delay = periodMillis - ThreadLocalRandom.current().nextLong(periodMillis / 10 + 1);
        e.schedule(() -> {
            e.send(Nts.ALIVE);
            schedulePeriodic(e);
        }, delay);
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
        List<Endpoint> all;
        synchronized (this) {
            all = List.copyOf(endpoints);
        }
        all.forEach(Endpoint::stop);
        List<ChannelFuture> sent = new ArrayList<>();
        for (Endpoint e : all) {
            sent.addAll(e.send(Nts.BYEBYE));
        }
        boolean mayWait = all.stream().noneMatch(e -> e.unicast.eventLoop().inEventLoop());
        if (mayWait) {
            for (ChannelFuture f : sent) {
                f.awaitUninterruptibly(CLOSE_WAIT_MILLIS);
            }
        }
        all.forEach(e -> e.closeChannels(mayWait));
        shutdownGroup();
        LOG.info("SSDP: stopped advertising on {}", all.stream().map(e -> e.lan.name()).distinct().toList());
    }

    private void closeQuietly() {
        closed.set(true);
        synchronized (this) {
            endpoints.forEach(Endpoint::stop);
            endpoints.forEach(e -> e.closeChannels(true));
        }
        shutdownGroup();
    }

    private void shutdownGroup() {
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private enum Nts { ALIVE, BYEBYE }

    /** The sockets, messages and timers of one interface and address family. */
    private final class Endpoint {
        final String family;
        final boolean v6;
        final InetAddress address; // bound for unicast searches; the LOCATION host
        volatile LanInterface lan;
        volatile LanPolicy policy; // the source rule of every socket of this endpoint
        final List<InetAddress> groups;
        final List<Channel> multicast = new ArrayList<>();
        final List<Future<?>> timers = new ArrayList<>(); // guarded by itself
        volatile SsdpMessages messages;
        volatile Channel unicast;
        volatile boolean stopped;

        Endpoint(LanInterface lan, InetAddress address, SsdpMessages messages, List<InetAddress> groups) {
            this.lan = lan;
            this.policy = new LanPolicy(List.of(lan));
            this.address = address;
            this.v6 = address instanceof Inet6Address;
            this.family = v6 ? "IPv6" : "IPv4";
            this.messages = messages;
            this.groups = groups;
        }

        /** The interface changed without touching this endpoint's address: sources are judged by its new subnets. */
        void follow(LanInterface next) {
            lan = next;
            policy = new LanPolicy(List.of(next));
        }

        void schedule(Runnable task, long delayMillis) {
            synchronized (timers) {
                if (stopped || closed.get()) {
                    return;
                }
                timers.removeIf(Future::isDone);
                timers.add(unicast.eventLoop().schedule(task, delayMillis, TimeUnit.MILLISECONDS));
            }
        }

        /** Cancels the timers; a later {@link #schedule} restarts them. */
        void stop() {
            synchronized (timers) {
                timers.forEach(t -> t.cancel(false));
                timers.clear();
            }
        }

        /** Sends the alive or byebye set to every group of this endpoint. */
        List<ChannelFuture> send(Nts nts) {
            SsdpMessages m = messages;
            return sendAll(m, (h, n) -> nts == Nts.ALIVE ? h.alive(n) : h.byebye(n), nts.name());
        }

        void sendUpdate(long nextBootId) {
            SsdpMessages m = messages;
            sendAll(m, (h, n) -> h.update(n, nextBootId), "UPDATE");
        }

        private List<ChannelFuture> sendAll(SsdpMessages m,
                java.util.function.BiFunction<SsdpMessages, Notification, SsdpMessage> make, String what) {
            List<ChannelFuture> out = new ArrayList<>();
            for (InetAddress g : groups) {
                InetSocketAddress to = new InetSocketAddress(g, config.port());
                // HOST names the group this NOTIFY goes to: [ff05::c]:1900 for the site-local group
                SsdpMessages forGroup = g == groups.get(0) ? m
                        : m.withHost(NetworkInterfaces.uriHost(g) + ':' + config.port());
                for (Notification n : notifications.all()) {
                    out.add(unicast.write(new OutboundSsdp(make.apply(forGroup, n), to)));
                }
            }
            unicast.flush();
            LOG.debug("SSDP: sent {} {} on {}/{}", out.size(), what, lan.name(), family);
            return out;
        }

        void closeChannels(boolean wait) {
            List<Channel> all = new ArrayList<>(multicast);
            if (unicast != null) {
                all.add(unicast);
            }
            for (Channel ch : all) {
                ChannelFuture f = ch.close();
                if (wait) {
                    f.awaitUninterruptibly(CLOSE_WAIT_MILLIS);
                }
            }
        }
    }
}
