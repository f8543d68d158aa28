package org.portcullis.upnp.ssdp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.LanSourceFilter;
import org.portcullis.upnp.core.internal.netty.PipelineNames;
import org.portcullis.upnp.ssdp.SsdpAdvertiser;
import org.portcullis.upnp.ssdp.codec.SsdpDecoder;
import org.portcullis.upnp.ssdp.codec.SsdpDecodingException;
import org.portcullis.upnp.ssdp.codec.SsdpLimits;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/** The whole SSDP pipeline on an {@link EmbeddedChannel}: filter, decoder, limiter, responder, encoder. */
class SearchResponderTest {
    private static final InetSocketAddress SELF = new InetSocketAddress("192.168.1.1", 1900);
    private static final InetSocketAddress PEER = new InetSocketAddress("192.168.1.50", 40000);
    private static final String SEARCH_ALL = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
            + "MAN: \"ssdp:discover\"\r\nMX: 2\r\nST: ssdp:all\r\n\r\n";

    private final DropCounters counters = new DropCounters();
    private final AtomicLong nanos = new AtomicLong();
    private final List<Long> bounds = new ArrayList<>();
    private final SsdpMessages messages = new SsdpMessages("239.255.255.250:1900",
            "http://192.168.1.1:5000/rootDesc.xml", "Linux/5 UPnP/1.0 Portcullis/0.1", 1800, 7, 1);
    private EmbeddedChannel ch;

    private EmbeddedChannel channel(boolean multicast, int perSourceBurst, int globalBurst) {
        RateLimiter perSource = RateLimiter.perSource(10, perSourceBurst, 64, nanos::get);
        RateLimiter global = RateLimiter.global(100, globalBurst, nanos::get);
        SearchResponder responder = new SearchResponder(multicast, new NotificationSet(Fixtures.IGD2), messages,
                global, counters, null, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC),
                bound -> {
                    bounds.add(bound);
                    return bound;
                });
        ch = new EmbeddedChannel();
        SsdpPipeline.install(ch.pipeline(), a -> a.getHostAddress().startsWith("192.168.1."), SsdpLimits.DEFAULT,
                perSource, responder, counters);
        ch.freezeTime();
        return ch;
    }

    @AfterEach
    void finish() {
        if (ch != null) {
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }
    }

    private void receive(String text, InetSocketAddress from) {
        ch.writeInbound(new DatagramPacket(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), SELF, from));
    }

    private List<SsdpMessage> sent(InetSocketAddress expectedRecipient) throws SsdpDecodingException {
        List<SsdpMessage> out = new ArrayList<>();
        DatagramPacket p;
        while ((p = ch.readOutbound()) != null) {
            try {
                assertThat(p.recipient()).isEqualTo(expectedRecipient);
                out.add(SsdpDecoder.decode(p.content(), SsdpLimits.DEFAULT));
            } finally {
                p.release();
            }
        }
        return out;
    }

    @Test
    void unicastSearchIsAnsweredAtOnceWithRequestedVersion() throws Exception {
        channel(false, 20, 200);
        receive("M-SEARCH * HTTP/1.1\r\nHOST: 192.168.1.1:1900\r\nMAN: \"ssdp:discover\"\r\n"
                + "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n\r\n", PEER);
        List<SsdpMessage> out = sent(PEER);
        assertThat(out).hasSize(1);
        SsdpMessage r = out.get(0);
        assertThat(r.kind()).isEqualTo(SsdpMessage.Kind.RESPONSE);
        assertThat(r.headers()).containsExactly(
                java.util.Map.entry("cache-control", "max-age=1800"),
                java.util.Map.entry("date", "Fri, 02 Jan 2026 03:04:05 GMT"),
                java.util.Map.entry("ext", ""),
                java.util.Map.entry("location", "http://192.168.1.1:5000/rootDesc.xml"),
                java.util.Map.entry("server", "Linux/5 UPnP/1.0 Portcullis/0.1"),
                java.util.Map.entry("st", "urn:schemas-upnp-org:device:InternetGatewayDevice:1"),
                java.util.Map.entry("usn", Fixtures.ROOT + "::urn:schemas-upnp-org:device:InternetGatewayDevice:1"),
                java.util.Map.entry("bootid.upnp.org", "7"),
                java.util.Map.entry("configid.upnp.org", "1"));
        assertThat(bounds).isEmpty();
    }

    @Test
    void multicastSearchIsDelayedWithinMx() throws Exception {
        channel(true, 20, 200);
        receive(SEARCH_ALL, PEER);
        assertThat(sent(PEER)).isEmpty();
        assertThat(bounds).hasSize(10).containsOnly(2000L);
        ch.advanceTimeBy(1999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(sent(PEER)).isEmpty();
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        List<SsdpMessage> out = sent(PEER);
        assertThat(out).hasSize(10);
        assertThat(out).extracting(m -> m.header("ST").orElseThrow())
                .containsExactlyElementsOf(new NotificationSet(Fixtures.IGD2).all().stream()
                        .map(Notification::nt).toList());
    }

    @Test
    void mxOverFiveIsCappedAndMissingMxIsDropped() throws Exception {
        channel(true, 20, 200);
        receive(SEARCH_ALL.replace("MX: 2", "MX: 120").replace("ssdp:all", "upnp:rootdevice"), PEER);
        assertThat(bounds).containsExactly(5000L);
        receive(SEARCH_ALL.replace("MX: 2\r\n", ""), PEER);
        receive(SEARCH_ALL.replace("MX: 2", "MX: 0"), PEER);
        assertThat(counters.get(SsdpAdvertiser.DROP_INVALID_SEARCH)).isEqualTo(2);
        ch.advanceTimeBy(5, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(sent(PEER)).hasSize(1);
    }

    @Test
    void badManMissingStAndUnknownStGetNothing() throws Exception {
        channel(false, 20, 200);
        receive(SEARCH_ALL.replace("\"ssdp:discover\"", "ssdp:discover"), PEER);
        receive(SEARCH_ALL.replace("ST: ssdp:all\r\n", ""), PEER);
        receive(SEARCH_ALL.replace("ssdp:all", "urn:schemas-upnp-org:service:WANIPConnection:9"), PEER);
        receive(SEARCH_ALL.replace("ssdp:all", "urn:schemas-upnp-org:service:WANPPPConnection:1"), PEER);
        assertThat(sent(PEER)).isEmpty();
        assertThat(counters.get(SsdpAdvertiser.DROP_INVALID_SEARCH)).isEqualTo(2);
    }

    @Test
    void notifyFromOthersIsIgnored() throws Exception {
        channel(false, 20, 200);
        receive("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n\r\n",
                PEER);
        assertThat(sent(PEER)).isEmpty();
        assertThat(counters.snapshot()).isEmpty();
    }

    @Test
    void malformedIsCountedAndDropped() throws Exception {
        channel(false, 20, 200);
        receive("M-SEARCH * HTTP/1.1\nST: ssdp:all\n\n", PEER);
        receive("garbage", PEER);
        assertThat(sent(PEER)).isEmpty();
        assertThat(counters.get(SsdpAdvertiser.DROP_MALFORMED)).isEqualTo(2);
    }

    @Test
    void nonLanSourceIsDroppedFirst() throws Exception {
        channel(false, 20, 200);
        assertThat(ch.pipeline().names()).startsWith(PipelineNames.LAN_SOURCE_FILTER, PipelineNames.SSDP_DECODER,
                PipelineNames.PER_SOURCE_RATE_LIMITER, PipelineNames.SEARCH_RESPONDER, PipelineNames.SSDP_ENCODER);
        receive(SEARCH_ALL, new InetSocketAddress("203.0.113.9", 1900));
        receive("garbage", new InetSocketAddress("8.8.8.8", 1900));
        assertThat(sent(PEER)).isEmpty();
        assertThat(counters.get(LanSourceFilter.DROPPED)).isEqualTo(2);
        assertThat(counters.get(SsdpAdvertiser.DROP_MALFORMED)).isZero();
    }

    @Test
    void perSourceBudget() throws Exception {
        channel(false, 3, 1000);
        String search = SEARCH_ALL.replace("ssdp:all", "upnp:rootdevice");
        for (int i = 0; i < 5; i++) {
            receive(search, PEER);
        }
        assertThat(sent(PEER)).hasSize(3);
        assertThat(counters.get(SsdpAdvertiser.DROP_RATE_LIMITED)).isEqualTo(2);
        InetSocketAddress other = new InetSocketAddress("192.168.1.51", 1900);
        receive(search, other);
        assertThat(sent(other)).hasSize(1);
    }

    @Test
    void globalBudgetCountsResponseDatagrams() throws Exception {
        channel(false, 100, 25);
        receive(SEARCH_ALL, PEER); // 10 responses
        receive(SEARCH_ALL, PEER); // 20
        receive(SEARCH_ALL, PEER); // would be 30: dropped whole
        assertThat(sent(PEER)).hasSize(20);
        assertThat(counters.get(SsdpAdvertiser.DROP_RATE_LIMITED)).isEqualTo(1);
    }
}
