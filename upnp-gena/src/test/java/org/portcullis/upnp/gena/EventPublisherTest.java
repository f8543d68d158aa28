package org.portcullis.upnp.gena;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.description.DataType;
import org.portcullis.upnp.core.description.Scpd;
import org.portcullis.upnp.core.description.ServiceDescription;
import org.portcullis.upnp.core.description.StateVariable;
import org.portcullis.upnp.core.http.UpnpHttpRequest;
import org.portcullis.upnp.core.http.UpnpHttpResponse;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.gena.codec.GenaDecodingException;
import org.portcullis.upnp.gena.codec.PropertySetReader;

/** The publisher against a real loopback callback listener ({@link RecordingCallback}). */
class EventPublisherTest {
    static final ServiceDescription SERVICE = new ServiceDescription(UpnpType.service("TestEvents", 1),
            "urn:upnp-org:serviceId:Test1", "/scpd/t.xml", "/ctl/t", "/evt/t", new Scpd(List.of(), List.of(
                    StateVariable.of("Status", DataType.STRING, true),
                    StateVariable.of("Count", DataType.UI4, true),
                    StateVariable.of("Rate", DataType.UI4, true),
                    StateVariable.of("Hidden", DataType.STRING, false))));
    static final LanPolicy LAN = new LanPolicy(List.of(new LanInterface("lo", 1,
            List.of(new LanAddress(InetAddress.getLoopbackAddress(), 8)))));
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5000);
    private static final InetSocketAddress ME = new InetSocketAddress("127.0.0.1", 40000);

    private RecordingCallback callback;
    private final List<EventPublisher> publishers = new ArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        callback = new RecordingCallback();
    }

    @AfterEach
    void stop() throws Exception {
        publishers.forEach(EventPublisher::close);
        callback.close();
    }

    private EventPublisher publisher(GenaConfig config) {
        return publisher(EventPublisher.builder(SERVICE).config(config));
    }

    private EventPublisher publisher(EventPublisher.Builder b) {
        EventPublisher p = b.lanPolicy(LAN)
                .initialValues(() -> Map.of("Status", "Up", "Count", "0"))
                .build();
        publishers.add(p);
        return p;
    }

    static UpnpHttpResponse send(EventPublisher p, String method, InetSocketAddress from, InetSocketAddress local,
            String... headers) throws Exception {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.computeIfAbsent(headers[i], k -> new ArrayList<>()).add(headers[i + 1]);
        }
        return p.subscriptionHandler().handle(new UpnpHttpRequest(method, "/evt/t", h, new byte[0], from, local))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private UpnpHttpResponse subscribe(EventPublisher p) throws Exception {
        return send(p, "SUBSCRIBE", ME, LOCAL, "CALLBACK", "<" + callback.url("/evt") + ">", "NT", "upnp:event",
                "TIMEOUT", "Second-1800");
    }

    private static Map<String, String> props(RecordingCallback.Received r) throws GenaDecodingException {
        return PropertySetReader.read(r.body().getBytes(StandardCharsets.UTF_8)).properties();
    }

    @Test
    void subscribeAnswersSidAndTimeoutThenSendsTheInitialEvent() throws Exception {
        EventPublisher p = publisher(GenaConfig.defaults());
        UpnpHttpResponse r = subscribe(p);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("SID")).matches("uuid:[0-9a-f-]{36}");
        assertThat(r.headers().get("TIMEOUT")).isEqualTo("Second-1800");
        assertThat(r.body()).isEmpty();
        RecordingCallback.Received n = callback.next(5);
        assertThat(n).isNotNull();
        assertThat(n.requestLine()).isEqualTo("NOTIFY /evt HTTP/1.1");
        assertThat(n.header("NT")).isEqualTo("upnp:event");
        assertThat(n.header("NTS")).isEqualTo("upnp:propchange");
        assertThat(n.header("SID")).isEqualTo(r.headers().get("SID"));
        assertThat(n.header("SEQ")).isEqualTo("0");
        assertThat(n.header("HOST")).isEqualTo("127.0.0.1:" + callback.port());
        assertThat(n.header("Content-Type")).isEqualTo("text/xml; charset=\"utf-8\"");
        assertThat(props(n)).containsExactly(Map.entry("Status", "Up"), Map.entry("Count", "0"),
                Map.entry("Rate", ""));
    }

    @Test
    void changesGoOutWithIncreasingSeqAndUnchangedValuesAreNotSent() throws Exception {
        EventPublisher p = publisher(GenaConfig.defaults());
        subscribe(p);
        assertThat(callback.next(5).header("SEQ")).isEqualTo("0");
        p.publish(Map.of("Count", "1"));
        RecordingCallback.Received one = callback.next(5);
        assertThat(one.header("SEQ")).isEqualTo("1");
        assertThat(props(one)).containsExactly(Map.entry("Count", "1"));
        p.publish(Map.of("Count", "1", "Status", "Up"));
        p.publish(Map.of("Status", "Down"));
        RecordingCallback.Received two = callback.next(5);
        assertThat(two.header("SEQ")).isEqualTo("2");
        assertThat(props(two)).containsExactly(Map.entry("Status", "Down"));
        assertThat(p.subscriptions()).singleElement().satisfies(s -> assertThat(s.nextSeq()).isEqualTo(3));
    }

    @Test
    void renewalKeepsTheSidGrantsAClampedTimeoutAndSendsNoInitialEvent() throws Exception {
        EventPublisher p = publisher(GenaConfig.defaults());
        String sid = subscribe(p).headers().get("SID");
        assertThat(callback.next(5)).isNotNull();
        UpnpHttpResponse renew = send(p, "SUBSCRIBE", ME, LOCAL, "SID", sid, "TIMEOUT", "Second-100000");
        assertThat(renew.status()).isEqualTo(200);
        assertThat(renew.headers()).containsEntry("SID", sid).containsEntry("TIMEOUT", "Second-7200");
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "SID", sid, "TIMEOUT", "Second-infinite").headers())
                .containsEntry("TIMEOUT", "Second-1800");
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "SID", sid, "TIMEOUT", "Second-5").headers())
                .containsEntry("TIMEOUT", "Second-1800");
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "SID", sid, "TIMEOUT", "garbage").headers())
                .containsEntry("TIMEOUT", "Second-1800");
        assertThat(callback.next(1)).isNull();
    }

    @Test
    void sidTogetherWithCallbackOrNtIs400() throws Exception {
        EventPublisher p = publisher(GenaConfig.defaults());
        String sid = Sid.random().value();
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "SID", sid, "NT", "upnp:event").status()).isEqualTo(400);
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "SID", sid, "CALLBACK", "<" + callback.url("/") + ">").status())
                .isEqualTo(400);
        assertThat(send(p, "UNSUBSCRIBE", ME, LOCAL, "SID", sid, "NT", "upnp:event").status()).isEqualTo(400);
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "CALLBACK", "<" + callback.url("/") + ">", "CALLBACK",
                "<" + callback.url("/") + ">", "NT", "upnp:event").status()).isEqualTo(400);
        assertThat(p.counters()).containsEntry(EventPublisher.REFUSED_MALFORMED, 4L);
        assertThat(callback.next(1)).isNull();
    }

    @Test
    void unsubscribeEndsTheSubscriptionAndUnknownSidsGet412() throws Exception {
        EventPublisher p = publisher(GenaConfig.defaults());
        String sid = subscribe(p).headers().get("SID");
        assertThat(callback.next(5)).isNotNull();
        assertThat(send(p, "UNSUBSCRIBE", ME, LOCAL, "SID", sid).status()).isEqualTo(200);
        assertThat(send(p, "UNSUBSCRIBE", ME, LOCAL, "SID", sid).status()).isEqualTo(412);
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "SID", sid).status()).isEqualTo(412);
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "SID", "uuid:nonsense").status()).isEqualTo(412);
        assertThat(send(p, "UNSUBSCRIBE", ME, LOCAL).status()).isEqualTo(412);
        assertThat(p.subscriptions()).isEmpty();
        p.publish(Map.of("Count", "9"));
        assertThat(callback.next(1)).isNull();
    }

    @Test
    void otherMethodsGet405() throws Exception {
        EventPublisher p = publisher(GenaConfig.defaults());
        UpnpHttpResponse r = send(p, "GET", ME, LOCAL);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("Allow", "SUBSCRIBE, UNSUBSCRIBE");
    }

    @Test
    void callStrangerCallbacksAreRefusedWith412AndNothingIsSent() throws Exception {
        EventPublisher p = publisher(GenaConfig.defaults());
        String live = callback.url("/evt");
        InetSocketAddress other = new InetSocketAddress("127.0.0.2", 40000);
        List<String[]> refused = List.of(
                // the listener is real, but the subscriber is another host: the device must not call it
                new String[] {"<" + live + ">", "other"},
                new String[] {"<http://localhost:" + callback.port() + "/evt>", "me"},
                new String[] {"<https://127.0.0.1:" + callback.port() + "/evt>", "me"},
                new String[] {"<http://127.0.0.1:0/evt>", "me"},
                new String[] {"<http://127.0.0.1:70000/evt>", "me"},
                new String[] {"<http://user@127.0.0.1:" + callback.port() + "/>", "me"},
                new String[] {"<" + live + "><" + live + "><" + live + "><" + live + ">", "me"},
                new String[] {"<" + live + "/" + "a".repeat(300) + ">", "me"},
                new String[] {"<" + live + "><http://127.0.0.2:" + callback.port() + "/>", "me"},
                new String[] {live, "me"},
                new String[] {"<>", "me"},
                new String[] {"<http://224.0.0.1:" + callback.port() + "/>", "me"},
                new String[] {"<http://[::1]:" + callback.port() + "/>", "me"});
        for (String[] c : refused) {
            UpnpHttpResponse r = send(p, "SUBSCRIBE", c[1].equals("me") ? ME : other, LOCAL,
                    "CALLBACK", c[0], "NT", "upnp:event");
            assertThat(r.status()).as(c[0]).isEqualTo(412);
        }
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "NT", "upnp:event").status()).isEqualTo(412);
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "CALLBACK", "<" + live + ">").status()).isEqualTo(412);
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "CALLBACK", "<" + live + ">", "NT", "upnp:propchange").status())
                .isEqualTo(412);
        assertThat(p.counters().get(EventPublisher.REFUSED_CALLBACK)).isEqualTo(refused.size() + 1L);
        assertThat(p.subscriptions()).isEmpty();
        p.publish(Map.of("Count", "1"));
        assertThat(callback.next(2)).isNull();
        assertThat(callback.count()).isZero();
    }

    @Test
    void lanSubnetScopeAcceptsAnotherLanHostButNeverTheDeviceItself() throws Exception {
        EventPublisher p = publisher(GenaConfig.builder().callbackScope(CallbackScope.LAN_SUBNET).build());
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.2", 40000);
        InetSocketAddress deviceOnOne = new InetSocketAddress("127.0.0.1", 5000);
        assertThat(send(p, "SUBSCRIBE", proxy, deviceOnOne, "CALLBACK", "<" + callback.url("/e") + ">", "NT",
                "upnp:event").status()).isEqualTo(412);
        assertThat(send(p, "SUBSCRIBE", proxy, new InetSocketAddress("127.0.0.3", 5000), "CALLBACK",
                "<" + callback.url("/e") + ">", "NT", "upnp:event").status()).isEqualTo(200);
        assertThat(callback.next(5).header("SEQ")).isEqualTo("0");
        assertThat(send(p, "SUBSCRIBE", proxy, LOCAL, "CALLBACK", "<http://10.1.2.3:80/>", "NT", "upnp:event")
                .status()).isEqualTo(412);
    }

    @Test
    void subscriptionsExpireUnlessRenewed() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        EventPublisher p = publisher(EventPublisher.builder(SERVICE).clock(clock));
        String kept = subscribe(p).headers().get("SID");
        String lapsed = subscribe(p).headers().get("SID");
        now.set(now.get().plusSeconds(1000));
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "SID", kept).status()).isEqualTo(200);
        now.set(now.get().plusSeconds(1000));
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "SID", lapsed).status()).isEqualTo(412);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (p.subscriptions().size() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(p.subscriptions()).singleElement().satisfies(s -> assertThat(s.sid().value()).isEqualTo(kept));
        now.set(now.get().plusSeconds(1801));
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!p.subscriptions().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(p.subscriptions()).isEmpty();
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "SID", kept).status()).isEqualTo(412);
    }

    @Test
    void capsPerSourceAndInTotalGet500() throws Exception {
        EventPublisher p = publisher(GenaConfig.builder().maxSubscriptionsPerSource(2).maxSubscriptions(3).build());
        assertThat(subscribe(p).status()).isEqualTo(200);
        assertThat(subscribe(p).status()).isEqualTo(200);
        assertThat(subscribe(p).status()).isEqualTo(500);
        InetSocketAddress two = new InetSocketAddress("127.0.0.2", 40000);
        String cb2 = "<http://127.0.0.2:" + callback.port() + "/>";
        assertThat(send(p, "SUBSCRIBE", two, LOCAL, "CALLBACK", cb2, "NT", "upnp:event").status()).isEqualTo(200);
        assertThat(send(p, "SUBSCRIBE", two, LOCAL, "CALLBACK", cb2, "NT", "upnp:event").status()).isEqualTo(500);
        assertThat(p.counters()).containsEntry(EventPublisher.REFUSED_CAP, 2L);
    }

    @Test
    void maxRateHoldsAVariableBackAndSendsItsLatestValueLater() throws Exception {
        EventPublisher p = publisher(EventPublisher.builder(SERVICE)
                .moderation("Rate", Moderation.maxRate(Duration.ofMillis(400))));
        subscribe(p);
        assertThat(callback.next(5)).isNotNull();
        p.publish(Map.of("Rate", "1"));
        assertThat(props(callback.next(5))).containsExactly(Map.entry("Rate", "1"));
        long sent = System.nanoTime();
        p.publish(Map.of("Rate", "2"));
        p.publish(Map.of("Rate", "3"));
        RecordingCallback.Received later = callback.next(5);
        assertThat(System.nanoTime() - sent).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(later.header("SEQ")).isEqualTo("2");
        assertThat(props(later)).containsExactly(Map.entry("Rate", "3"));
        assertThat(callback.next(1)).isNull();
    }

    @Test
    void minDeltaSuppressesSmallChangesUntilTheNextEvent() throws Exception {
        EventPublisher p = publisher(EventPublisher.builder(SERVICE).moderation("Count", Moderation.minDelta(5)));
        subscribe(p);
        assertThat(callback.next(5)).isNotNull();
        p.publish(Map.of("Count", "10"));
        assertThat(props(callback.next(5))).containsExactly(Map.entry("Count", "10"));
        p.publish(Map.of("Count", "12"));
        assertThat(callback.next(1)).isNull();
        p.publish(Map.of("Status", "Down"));
        assertThat(props(callback.next(5))).containsExactly(Map.entry("Status", "Down"), Map.entry("Count", "12"));
        p.publish(Map.of("Count", "20"));
        assertThat(props(callback.next(5))).containsExactly(Map.entry("Count", "20"));
    }

    @Test
    void aSubscriberThatKeepsFailingIsDropped() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        EventPublisher p = publisher(GenaConfig.builder().maxConsecutiveFailures(2).build());
        assertThat(send(p, "SUBSCRIBE", ME, LOCAL, "CALLBACK", "<http://127.0.0.1:" + dead + "/>", "NT",
                "upnp:event").status()).isEqualTo(200);
        p.publish(Map.of("Count", "1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!p.subscriptions().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(p.subscriptions()).isEmpty();
        assertThat(p.counters()).containsEntry(EventPublisher.DELIVERY_FAILED, 2L)
                .containsEntry(EventPublisher.DROPPED_FAILING, 1L);
    }

    @Test
    void aFailedEventIsAbandonedButTheSubscriptionKeptBelowTheLimit() throws Exception {
        EventPublisher p = publisher(GenaConfig.defaults());
        callback.respondWith(307); // a redirect is not followed: it is a failed delivery
        subscribe(p);
        assertThat(callback.next(5).header("SEQ")).isEqualTo("0");
        callback.respondWith(200);
        p.publish(Map.of("Count", "1"));
        assertThat(callback.next(5).header("SEQ")).isEqualTo("1");
        assertThat(p.subscriptions()).hasSize(1);
        assertThat(p.counters()).containsEntry(EventPublisher.DELIVERY_FAILED, 1L);
    }

    @Test
    void aSubscriberAnswering412IsDroppedAtOnce() throws Exception {
        EventPublisher p = publisher(GenaConfig.defaults());
        callback.respondWith(412);
        subscribe(p);
        assertThat(callback.next(5)).isNotNull();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!p.subscriptions().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(p.subscriptions()).isEmpty();
    }

    @Test
    void aSlowSubscriberHasABoundedQueueThatCoalescesWithoutSeqGaps() throws Exception {
        EventPublisher p = publisher(GenaConfig.builder().queueCapacity(2).build());
        callback.delay(300);
        subscribe(p);
        Thread.sleep(150); // the initial event is in flight
        for (int i = 1; i <= 20; i++) {
            p.publish(Map.of("Count", Integer.toString(i)));
        }
        List<RecordingCallback.Received> got = new ArrayList<>();
        RecordingCallback.Received r;
        while ((r = callback.next(2)) != null) {
            got.add(r);
        }
        assertThat(got).hasSizeBetween(2, 4);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).header("SEQ")).isEqualTo(Integer.toString(i));
        }
        assertThat(props(got.get(got.size() - 1))).containsEntry("Count", "20");
        assertThat(p.counters().get(EventPublisher.COALESCED)).isPositive();
    }

    @Test
    void slowResponsesTimeOut() throws Exception {
        EventPublisher p = publisher(GenaConfig.builder().responseTimeout(Duration.ofMillis(200))
                .maxConsecutiveFailures(1).build());
        callback.delay(1000);
        subscribe(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!p.subscriptions().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(p.subscriptions()).isEmpty();
        assertThat(p.counters()).containsEntry(EventPublisher.DROPPED_FAILING, 1L);
    }

    @Test
    void afterCloseSubscriptionsAreRefused() throws Exception {
        EventPublisher p = publisher(GenaConfig.defaults());
        p.close();
        assertThat(subscribe(p).status()).isEqualTo(503);
    }

    @Test
    void publishRejectsNamesThatAreNotEvented() {
        EventPublisher p = publisher(GenaConfig.defaults());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.publish(Map.of("Hidden", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
