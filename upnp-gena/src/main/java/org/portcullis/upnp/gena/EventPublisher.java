package org.portcullis.upnp.gena;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.portcullis.upnp.core.description.ServiceDescription;
import org.portcullis.upnp.core.description.StateVariable;
import org.portcullis.upnp.core.http.UpnpHttpHandler;
import org.portcullis.upnp.core.http.UpnpHttpRequest;
import org.portcullis.upnp.core.http.UpnpHttpResponse;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.gena.codec.GenaDecodingException;
import org.portcullis.upnp.gena.codec.GenaHeaders;
import org.portcullis.upnp.gena.codec.PropertySetWriter;
import org.portcullis.upnp.gena.internal.NotifySender;
import org.portcullis.upnp.gena.internal.Subscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GENA publisher of one evented service (UDA 1.1 §4): accepts SUBSCRIBE/UNSUBSCRIBE on the service's
 * {@code eventSubURL} and delivers NOTIFY events to subscribers.
 *
 * <pre>{@code
 * EventPublisher wanIp = EventPublisher.builder(service)
 *         .lanPolicy(lan)
 *         .initialValues(() -> Map.of("ExternalIPAddress", "203.0.113.7", ...))
 *         .eventLoopGroup(group)
 *         .build();
 * server.route(service.eventSubUrl(), wanIp.subscriptionHandler());
 * wanIp.publish(Map.of("PortMappingNumberOfEntries", "1"));
 * }</pre>
 *
 * <h2>Subscriptions</h2>
 * <ul>
 *   <li>SUBSCRIBE with CALLBACK and {@code NT: upnp:event}: a new subscription; 200 with a fresh {@code SID} and the
 *       granted {@code TIMEOUT} ({@link GenaConfig#timeoutSeconds()} .. {@link GenaConfig#maxTimeoutSeconds()},
 *       never {@code infinite}). The initial event (SEQ 0, every evented variable) follows the response after
 *       {@link GenaConfig#initialEventDelay()}.</li>
 *   <li>SUBSCRIBE with SID only: renewal, same SID, new TIMEOUT, no initial event. UNSUBSCRIBE with SID: 200.</li>
 *   <li>SID together with CALLBACK or NT, or a repeated GENA header: 400. CALLBACK missing or refused, NT missing or
 *       not {@code upnp:event}, SID malformed, unknown or expired: 412. Subscription caps reached: 500. Other
 *       methods: 405.</li>
 * </ul>
 *
 * <h2>CallStranger (CVE-2020-12695)</h2>
 * Every CALLBACK URL must be {@code http://}, at most {@link GenaConfig#maxCallbackUrlLength()} characters, with a
 * literal IP host (DNS names are refused: resolving them would let the name point anywhere) and port 1..65535; at
 * most {@link GenaConfig#maxCallbackUrls()} URLs. The host must satisfy {@link GenaConfig#callbackScope()}: by
 * default it equals the SUBSCRIBE's TCP source address. If any URL fails, the whole subscription is refused with 412,
 * nothing is sent anywhere, the refusal is counted ({@value #REFUSED_CALLBACK}) and logged, rate-limited, to the
 * security logger.
 *
 * <h2>Delivery</h2>
 * One NOTIFY in flight per subscriber, in SEQ order, through a Netty HTTP client with
 * {@link GenaConfig#connectTimeout()} and {@link GenaConfig#responseTimeout()}; redirects are not followed. Pending
 * events are bounded by {@link GenaConfig#queueCapacity()}; when full, new changes are <em>coalesced</em> into the
 * newest pending event, so a slow subscriber still gets the latest value of every variable without SEQ gaps and
 * memory stays bounded. Callback URLs are tried in order; when all fail the event is abandoned (UDA 1.1) and the
 * subscription kept, but after {@link GenaConfig#maxConsecutiveFailures()} failed events in a row it is dropped, so
 * an unreachable subscriber cannot hold a slot and a connection attempt per event until its TIMEOUT lapses. A
 * subscriber answering 412 (it no longer knows the SID) is dropped at once.
 *
 * <h2>Events</h2>
 * {@link #publish(Map)} records new values; unchanged values are ignored and changes are sent together as one
 * event. A variable with a {@link Moderation} is held back while its rate or delta does not allow an event; its
 * latest value goes out with the next event.
 *
 * <p>Thread-safe: all state lives on one event loop of the group; the HTTP handler never blocks.
 * {@link #subscriptions()} waits for that loop and must not be called from it.
 */
public final class EventPublisher implements AutoCloseable {
    /** Counter: a CALLBACK refused by the CallStranger policy or its syntax. */
    public static final String REFUSED_CALLBACK = "gena.refused.callback";
    /** Counter: SUBSCRIBE/UNSUBSCRIBE with incompatible or malformed headers. */
    public static final String REFUSED_MALFORMED = "gena.refused.malformed";
    /** Counter: a renewal or UNSUBSCRIBE naming an unknown or expired SID. */
    public static final String REFUSED_UNKNOWN_SID = "gena.refused.unknown-sid";
    /** Counter: a subscription refused by the caps. */
    public static final String REFUSED_CAP = "gena.refused.cap";
    /** Counter: an event that no callback URL accepted. */
    public static final String DELIVERY_FAILED = "gena.delivery.failed";
    /** Counter: a subscription dropped for failing deliveries. */
    public static final String DROPPED_FAILING = "gena.dropped.failing-subscriber";
    /** Counter: an event merged into a full subscriber queue. */
    public static final String COALESCED = "gena.coalesced";

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final RateLimitedLog SECURITY = RateLimitedLog.security();

    private final ServiceDescription service;
    private final GenaConfig config;
    private final LanPolicy lan;
    private final Clock clock;
    private final DropCounters counters;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final EventLoop loop;
    private final NotifySender sender;
    private final Set<String> evented;
    private final Map<String, Moderation> moderation;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Confined to loop:
    private final LinkedHashMap<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> lastSent = new HashMap<>();
    private final Map<String, Instant> lastSentAt = new HashMap<>();
    private final Set<String> held = new HashSet<>();
    private final LinkedHashMap<Sid, Subscriber> subscribers = new LinkedHashMap<>();
    private ScheduledFuture<?> flushTask;
    private final ScheduledFuture<?> sweepTask;

    private EventPublisher(Builder b) {
        this.service = b.service;
        this.config = b.config;
        this.lan = Objects.requireNonNull(b.lan, "lanPolicy");
        this.clock = b.clock;
        this.counters = b.counters;
        this.ownsGroup = b.group == null;
        this.group = ownsGroup ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) : b.group;
        this.loop = group.next();
        this.sender = new NotifySender(group, config.connectTimeout(), config.responseTimeout(),
                config.maxResponseBytes());
        Set<String> names = new java.util.LinkedHashSet<>();
        for (StateVariable v : service.scpd().stateVariables()) {
            if (v.sendEvents()) {
                names.add(v.name());
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("service " + service.serviceId() + " has no evented variable");
        }
        this.evented = Set.copyOf(names);
        Map<String, String> initial = b.initialValues.get();
        checkNames(initial.keySet());
        for (String n : names) {
            String v = initial.get(n);
            if (v == null) {
                v = service.scpd().stateVariable(n).flatMap(StateVariable::defaultValue).orElse("");
            }
            values.put(n, v);
        }
        new PropertySet(values);
        checkNames(b.moderation.keySet());
        this.moderation = Map.copyOf(b.moderation);
        this.sweepTask = loop.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** A builder for the publisher of {@code service}, which must have at least one evented variable. */
    public static Builder builder(ServiceDescription service) {
        return new Builder(service);
    }

    /** The route to mount on the service's {@code eventSubURL}. */
    public UpnpHttpHandler subscriptionHandler() {
        return this::handle;
    }

    /** The service published. */
    public ServiceDescription service() {
        return service;
    }

    /**
     * Records new values of evented variables and sends one event to every subscriber with those that changed.
     * Returns at once; delivery is asynchronous.
     *
     * @throws IllegalArgumentException for a name that is not an evented variable of the service, or a value XML
     *                                  cannot carry
     */
    public void publish(Map<String, String> changed) {
        Map<String, String> copy = new PropertySet(changed).properties();
        checkNames(copy.keySet());
        if (closed.get()) {
            return;
        }
        try {
            loop.execute(() -> apply(copy));
        } catch (RejectedExecutionException e) {
            LOG.debug("publish after shutdown of the event loop ignored");
        }
    }

    /** Live subscriptions. Waits (at most 5 s) for the publisher's event loop; never call it from an event loop. */
    public List<Subscription> subscriptions() {
        CompletableFuture<List<Subscription>> f = new CompletableFuture<>();
        loop.execute(() -> {
            List<Subscription> out = new ArrayList<>();
            subscribers.values().forEach(s -> out.add(
                    new Subscription(s.sid, s.source, s.callbacks, s.expires, s.nextSeq())));
            f.complete(out);
        });
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publisher loop did not answer", e);
        }
    }

    /** Counters of refused requests and delivery problems (names are the {@code public static} constants). */
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    /** Drops every subscription without notice (UDA has none) and stops delivering; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                sweepTask.cancel(false);
                if (flushTask != null) {
                    flushTask.cancel(false);
                }
                subscribers.values().forEach(s -> s.removed = true);
                subscribers.clear();
                done.complete(null);
            });
            if (!loop.inEventLoop()) {
                done.get(2, TimeUnit.SECONDS);
            }
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            LOG.debug("publisher loop already stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private void checkNames(Set<String> names) {
        for (String n : names) {
            if (!evented.contains(n)) {
                throw new IllegalArgumentException(n + " is not an evented variable of " + service.serviceId());
            }
        }
    }

    // ---- HTTP side (runs on the publisher loop) ----

    private CompletionStage<UpnpHttpResponse> handle(UpnpHttpRequest request) {
        CompletableFuture<UpnpHttpResponse> f = new CompletableFuture<>();
        try {
            loop.execute(() -> f.complete(closed.get() ? UpnpHttpResponse.status(503) : answer(request)));
        } catch (RejectedExecutionException e) {
            f.complete(UpnpHttpResponse.status(503));
        }
        return f;
    }

    private UpnpHttpResponse answer(UpnpHttpRequest request) {
        for (String h : List.of("sid", "callback", "nt", "timeout")) {
            List<String> v = request.headers().get(h);
            if (v != null && v.size() > 1) {
                return malformed(request, "repeated " + h);
            }
        }
        Optional<String> sid = request.header("sid");
        boolean callbackOrNt = request.header("callback").isPresent() || request.header("nt").isPresent();
        switch (request.method()) {
            case "SUBSCRIBE":
                if (sid.isPresent()) {
                    return callbackOrNt ? malformed(request, "SID with CALLBACK or NT") : renew(request, sid.get());
                }
                return subscribe(request);
            case "UNSUBSCRIBE":
                if (callbackOrNt) {
                    return malformed(request, "SID with CALLBACK or NT");
                }
                return unsubscribe(request, sid);
            default:
                return new UpnpHttpResponse(405, "", Map.of("Allow", "SUBSCRIBE, UNSUBSCRIBE"), new byte[0]);
        }
    }

    private UpnpHttpResponse subscribe(UpnpHttpRequest request) {
        InetAddress source = request.remote().getAddress();
        Optional<String> callback = request.header("callback");
        if (callback.isEmpty()) {
            return refuse(request, "no CALLBACK");
        }
        if (!request.header("nt").map(GenaHeaders::isEventNt).orElse(false)) {
            counters.increment(REFUSED_MALFORMED);
            SECURITY.debug("GENA 412 from {}: NT missing or not upnp:event", request.remote());
            return UpnpHttpResponse.status(412);
        }
        List<URI> urls;
        try {
            urls = GenaHeaders.parseCallback(callback.get(), config.maxCallbackUrls(),
                    config.maxCallbackUrlLength());
        } catch (GenaDecodingException e) {
            return refuse(request, "CALLBACK " + e.reason());
        }
        List<InetSocketAddress> targets = new ArrayList<>(urls.size());
        for (URI url : urls) {
            String host = url.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            // A literal only: NetUtil never resolves names, so a DNS name gives null here.
            InetAddress address = NetUtil.createInetAddressFromIpAddressString(host);
            if (address == null) {
                return refuse(request, "CALLBACK host is not a literal IP");
            }
            if (!callbackAllowed(address, source, request.local().getAddress())) {
                return refuse(request, "CALLBACK host " + address.getHostAddress() + " outside "
                        + config.callbackScope());
            }
            targets.add(new InetSocketAddress(address, url.getPort() == -1 ? 80 : url.getPort()));
        }
        long fromSource = subscribers.values().stream().filter(s -> s.source.equals(source)).count();
        if (subscribers.size() >= config.maxSubscriptions() || fromSource >= config.maxSubscriptionsPerSource()) {
            counters.increment(REFUSED_CAP);
            SECURITY.debug("GENA 500 for {}: subscription cap reached", request.remote());
            return UpnpHttpResponse.status(500);
        }
        long granted = grant(request);
        Sid sid = Sid.random();
        Subscriber s = new Subscriber(sid, source, urls, targets, clock.instant().plusSeconds(granted),
                config.queueCapacity());
        s.enqueue(values);
        subscribers.put(sid, s);
        loop.schedule(() -> {
            s.ready = true;
            pump(s);
        }, config.initialEventDelay().toNanos(), TimeUnit.NANOSECONDS);
        LOG.debug("{}: new subscription {} from {} for {}s", service.serviceId(), sid, source, granted);
        return granted(sid, granted);
    }

    private boolean callbackAllowed(InetAddress callback, InetAddress source, InetAddress local) {
        if (callback.isMulticastAddress() || callback.isAnyLocalAddress()) {
            return false;
        }
        return switch (config.callbackScope()) {
            case SOURCE_ADDRESS -> callback.equals(source);
            case LAN_SUBNET -> callback.equals(source)
                    || (!callback.equals(local) && lan.permits(callback) && lan.interfaceFor(source).isPresent()
                            && lan.interfaceFor(source).equals(lan.interfaceFor(callback)));
        };
    }

    private UpnpHttpResponse renew(UpnpHttpRequest request, String sidText) {
        Subscriber s = live(request, sidText);
        if (s == null) {
            return UpnpHttpResponse.status(412);
        }
        long granted = grant(request);
        s.expires = clock.instant().plusSeconds(granted);
        return granted(s.sid, granted);
    }

    private UpnpHttpResponse unsubscribe(UpnpHttpRequest request, Optional<String> sidText) {
        if (sidText.isEmpty()) {
            counters.increment(REFUSED_MALFORMED);
            return UpnpHttpResponse.status(412);
        }
        Subscriber s = live(request, sidText.get());
        if (s == null) {
            return UpnpHttpResponse.status(412);
        }
        remove(s);
        return UpnpHttpResponse.status(200);
    }

    private Subscriber live(UpnpHttpRequest request, String sidText) {
        Subscriber s;
        try {
            s = subscribers.get(GenaHeaders.parseSid(sidText));
        } catch (GenaDecodingException e) {
            s = null;
        }
        if (s != null && !clock.instant().isBefore(s.expires)) {
            remove(s);
            s = null;
        }
        if (s == null) {
            counters.increment(REFUSED_UNKNOWN_SID);
            SECURITY.debug("GENA 412 for {}: unknown or expired SID {}", request.remote(), sidText);
        }
        return s;
    }

    private long grant(UpnpHttpRequest request) {
        Optional<String> t = request.header("timeout");
        if (t.isEmpty()) {
            return config.timeoutSeconds();
        }
        try {
            OptionalLong asked = GenaHeaders.parseTimeout(t.get());
            // UDA 1.1: infinite is ignored as if TIMEOUT were absent; the device never grants it.
            if (asked.isEmpty() || asked.getAsLong() < config.timeoutSeconds()) {
                return config.timeoutSeconds();
            }
            return Math.min(asked.getAsLong(), config.maxTimeoutSeconds());
        } catch (GenaDecodingException e) {
            return config.timeoutSeconds();
        }
    }

    private static UpnpHttpResponse granted(Sid sid, long seconds) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("SID", sid.value());
        h.put("TIMEOUT", GenaHeaders.formatTimeout(seconds));
        return new UpnpHttpResponse(200, "", h, new byte[0]);
    }

    private UpnpHttpResponse refuse(UpnpHttpRequest request, String why) {
        counters.increment(REFUSED_CALLBACK);
        SECURITY.debug("GENA 412 for {} on {}: {}", request.remote(), request.path(), why);
        return UpnpHttpResponse.status(412);
    }

    private UpnpHttpResponse malformed(UpnpHttpRequest request, String why) {
        counters.increment(REFUSED_MALFORMED);
        SECURITY.debug("GENA 400 for {} on {}: {}", request.remote(), request.path(), why);
        return UpnpHttpResponse.status(400);
    }

    // ---- events (publisher loop) ----

    private void apply(Map<String, String> changed) {
        if (closed.get()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, String> event = new LinkedHashMap<>();
        changed.forEach((name, value) -> {
            String old = values.put(name, value);
            if (value.equals(old)) {
                return;
            }
            if (suppressed(name, value, now)) {
                held.add(name);
            } else {
                held.remove(name);
                event.put(name, value);
            }
        });
        if (!event.isEmpty()) {
            send(event, now);
        }
        scheduleFlush(now);
    }

    private boolean suppressed(String name, String value, Instant now) {
        Moderation m = moderation.get(name);
        String last = lastSent.get(name);
        if (m == null || last == null) {
            return false;
        }
        if (m.maxRate().isPresent() && now.isBefore(lastSentAt.get(name).plus(m.maxRate().get()))) {
            return true;
        }
        if (m.minDelta().isPresent()) {
            try {
                return Math.abs(Double.parseDouble(value) - Double.parseDouble(last)) < m.minDelta().getAsDouble();
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private void send(Map<String, String> event, Instant now) {
        for (String h : held) {
            event.putIfAbsent(h, values.get(h));
        }
        held.clear();
        event.forEach((k, v) -> {
            lastSent.put(k, v);
            lastSentAt.put(k, now);
        });
        for (Subscriber s : subscribers.values()) {
            if (!s.enqueue(event)) {
                counters.increment(COALESCED);
            }
            pump(s);
        }
    }

    private void scheduleFlush(Instant now) {
        if (flushTask != null || held.isEmpty()) {
            return;
        }
        Instant due = null;
        for (String h : held) {
            Optional<Duration> rate = moderation.get(h).maxRate();
            if (rate.isPresent()) {
                Instant t = lastSentAt.get(h).plus(rate.get());
                due = due == null || t.isBefore(due) ? t : due;
            }
        }
        if (due == null) {
            return; // only delta-held values: they wait for a change large enough, or another event
        }
        long delay = Math.max(1, Duration.between(now, due).toMillis());
        flushTask = loop.schedule(() -> {
            flushTask = null;
            Instant t = clock.instant();
            boolean ready = held.stream().anyMatch(h -> moderation.get(h).maxRate().isPresent()
                    && !t.isBefore(lastSentAt.get(h).plus(moderation.get(h).maxRate().get())));
            if (ready) {
                send(new LinkedHashMap<>(), t);
            }
            scheduleFlush(t);
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void pump(Subscriber s) {
        if (!s.ready || s.inFlight || s.removed || s.pending() == 0) {
            return;
        }
        Map<String, String> event = s.poll();
        long seq = s.takeSeq();
        byte[] body = PropertySetWriter.write(new PropertySet(event));
        s.inFlight = true;
        deliver(s, seq, body, 0);
    }

    private void deliver(Subscriber s, long seq, byte[] body, int index) {
        sender.send(s.callbacks.get(index), s.targets.get(index), s.sid.value(), seq, body)
                .whenComplete((status, error) -> {
                    try {
                        loop.execute(() -> delivered(s, seq, body, index, status, error));
                    } catch (RejectedExecutionException e) {
                        LOG.debug("delivery result after shutdown ignored");
                    }
                });
    }

    private void delivered(Subscriber s, long seq, byte[] body, int index, Integer status, Throwable error) {
        if (s.removed) {
            return;
        }
        if (error == null && status >= 200 && status < 300) {
            s.failures = 0;
            s.inFlight = false;
            pump(s);
            return;
        }
        if (error == null && status == 412) {
            LOG.debug("{}: subscriber {} answered 412 for {}; dropping it", service.serviceId(), s.source, s.sid);
            remove(s);
            return;
        }
        if (index + 1 < s.callbacks.size()) {
            deliver(s, seq, body, index + 1);
            return;
        }
        counters.increment(DELIVERY_FAILED);
        s.failures++;
        LOG.debug("{}: event {} to {} failed ({} in a row): {}", service.serviceId(), seq, s.sid, s.failures,
                error == null ? "HTTP " + status : error.toString());
        if (s.failures >= config.maxConsecutiveFailures()) {
            counters.increment(DROPPED_FAILING);
            remove(s);
            return;
        }
        s.inFlight = false;
        pump(s);
    }

    private void remove(Subscriber s) {
        s.removed = true;
        subscribers.remove(s.sid);
    }

    private void sweep() {
        Instant now = clock.instant();
        List<Subscriber> expired = subscribers.values().stream().filter(s -> !now.isBefore(s.expires)).toList();
        expired.forEach(this::remove);
        if (!expired.isEmpty()) {
            LOG.debug("{}: {} subscription(s) expired", service.serviceId(), expired.size());
        }
    }

    /** Builder for {@link EventPublisher}. */
    public static final class Builder {
        private final ServiceDescription service;
        private GenaConfig config = GenaConfig.defaults();
        private LanPolicy lan;
        private Supplier<Map<String, String>> initialValues = Map::of;
        private final Map<String, Moderation> moderation = new HashMap<>();
        private EventLoopGroup group;
        private Clock clock = Clock.systemUTC();
        private DropCounters counters = new DropCounters();

        private Builder(ServiceDescription service) {
            this.service = Objects.requireNonNull(service, "service");
        }

        public Builder config(GenaConfig v) {
            config = Objects.requireNonNull(v, "config");
            return this;
        }

        /** The served LAN (required): used by {@link CallbackScope#LAN_SUBNET}. */
        public Builder lanPolicy(LanPolicy v) {
            lan = Objects.requireNonNull(v, "lanPolicy");
            return this;
        }

        /**
         * Values of evented variables at start, read once by {@link #build()}; a variable left out starts at its
         * SCPD default value, or empty.
         */
        public Builder initialValues(Supplier<Map<String, String>> v) {
            initialValues = Objects.requireNonNull(v, "initialValues");
            return this;
        }

        /** Moderates one evented variable. */
        public Builder moderation(String variable, Moderation m) {
            moderation.put(Objects.requireNonNull(variable, "variable"), Objects.requireNonNull(m, "moderation"));
            return this;
        }

        /** The event loops for state and delivery; without one the publisher owns a one-thread group. */
        public Builder eventLoopGroup(EventLoopGroup v) {
            group = Objects.requireNonNull(v, "eventLoopGroup");
            return this;
        }

        /** The clock for expiry and moderation (tests). */
        public Builder clock(Clock v) {
            clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /** Where refusals are counted (shared with the HTTP server by the IGD). */
        public Builder counters(DropCounters v) {
            counters = Objects.requireNonNull(v, "counters");
            return this;
        }

        /**
         * Builds and starts the publisher.
         *
         * @throws IllegalArgumentException when the service has no evented variable or a name is not evented
         */
        public EventPublisher build() {
            return new EventPublisher(this);
        }
    }
}
