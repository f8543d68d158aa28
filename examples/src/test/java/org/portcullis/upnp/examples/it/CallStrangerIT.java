package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * CallStranger (CVE-2020-12695) against the daemon as a gateway between namespaces: a SUBSCRIBE from the LAN host whose
 * CALLBACK names the WAN host, another LAN address, or the router itself is refused with 412, and a listener at that
 * address receives nothing. A control subscription with the LAN host's own address shows the listener would have
 * seen a NOTIFY (initial event, then an event after {@code upnpc -a}).
 */
@Tag("netns")
@Tag("peer")
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallStrangerIT {
    private static final int LISTEN_PORT = 18500;
    private static final String OTHER_LAN_HOST = "192.168.77.9";
    private static final Duration QUIET = Duration.ofSeconds(3);

    private static GenaScripts.Gateway gateway;
    private static ThreeHostTopology net;
    private static URI description;
    private static String eventPath;

    @BeforeAll
    static void startGateway() {
        gateway = GenaScripts.Gateway.start();
        net = gateway.net();
        description = gateway.description();
        eventPath = GenaScripts.wanIpEventPath(GenaScripts.fetch(net.lanNamespace(), description.toString()));
    }

    @AfterAll
    static void cleanUp() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Processes.Result subscribe(String callback) {
        return GenaScripts.subscribe(net.lanNamespace(), net.lanHostAddress(), net.routerLanAddress(),
                description.getPort(), eventPath, callback);
    }

    private static void assertRefusedAndSilent(Processes.Background listener, String callback) {
        try (listener) {
            Processes.Result r = subscribe(callback);
            assertThat(r.out()).as(r.toString()).startsWith("HTTP/1.1 412").doesNotContainIgnoringCase("SID:");
            assertThat(listener.waitForLine("^CONNECTION", QUIET)).as("listener output: " + listener).isEmpty();
        }
    }

    @Test
    @Order(1)
    void ownAddressCallbackGetsTheInitialEventAndTableChanges() {
        try (Processes.Background listener = GenaScripts.listen(net.lanNamespace(), net.lanHostAddress(),
                LISTEN_PORT, Duration.ofSeconds(60))) {
            Processes.Result r = subscribe("<http://" + net.lanHostAddress() + ":" + LISTEN_PORT + "/evt>");
            assertThat(r.out()).as(r.toString()).startsWith("HTTP/1.1 200").containsPattern("(?i)SID: uuid:")
                    .containsPattern("(?i)TIMEOUT: Second-1800");
            assertThat(listener.waitForLine("^CONNECTION .*SEQ: 0.*PortMappingNumberOfEntries>0<",
                    Duration.ofSeconds(10))).as(listener.toString()).isPresent();
            Processes.Result add = gateway.lanUpnpc("-a", net.lanHostAddress(), "8080", "18080", "TCP");
            assertThat(add.out()).as(add.toString()).contains("is redirected to internal");
            assertThat(listener.waitForLine("^CONNECTION .*SEQ: 1.*PortMappingNumberOfEntries>1<",
                    Duration.ofSeconds(10))).as(listener.toString()).isPresent();
        }
    }

    @Test
    @Order(2)
    void callbackOnTheWanHostIsRefusedAndTheWanHostHearsNothing() {
        assertRefusedAndSilent(GenaScripts.listen(net.wanNamespace(), net.wanHostAddress(), LISTEN_PORT,
                Duration.ofSeconds(30)), "<http://" + net.wanHostAddress() + ":" + LISTEN_PORT + "/>");
    }

    @Test
    @Order(3)
    void callbackOnAnotherLanAddressIsRefusedAndThatHostHearsNothing() {
        Processes.runIn(net.lanNamespace(), Processes.SHORT, "ip", "addr", "add", OTHER_LAN_HOST + "/24", "dev",
                ThreeHostTopology.LAN_HOST_IF, "nodad").requireOk();
        assertRefusedAndSilent(GenaScripts.listen(net.lanNamespace(), OTHER_LAN_HOST, LISTEN_PORT,
                Duration.ofSeconds(30)), "<http://" + OTHER_LAN_HOST + ":" + LISTEN_PORT + "/>");
    }

    @Test
    @Order(4)
    void callbacksOnTheRouterNamesAndSeveralUrlsAreRefused() {
        try (Processes.Background lanListener = GenaScripts.listen(net.lanNamespace(), "0.0.0.0", LISTEN_PORT + 1,
                Duration.ofSeconds(40))) {
            for (String callback : new String[] {
                    "<http://" + net.routerLanAddress() + ":" + description.getPort() + "/>",
                    "<http://" + net.routerWanAddress() + ":" + description.getPort() + "/>",
                    "<http://127.0.0.1:" + description.getPort() + "/>",
                    "<http://localhost:" + (LISTEN_PORT + 1) + "/>",
                    "<http://" + net.lanHostAddress() + ":" + (LISTEN_PORT + 1) + "/><http://" + net.wanHostAddress()
                            + ":" + LISTEN_PORT + "/>",
                    "<https://" + net.lanHostAddress() + ":" + (LISTEN_PORT + 1) + "/>"}) {
                Processes.Result r = subscribe(callback);
                assertThat(r.out()).as(callback + ": " + r).startsWith("HTTP/1.1 412");
            }
            assertThat(lanListener.waitForLine("^CONNECTION", QUIET)).as(lanListener.toString()).isEmpty();
        }
    }

    @Test
    @Order(5)
    void theDaemonStillServesARealClient() {
        Processes.Result r = gateway.lanUpnpc("-s");
        assertThat(r.out()).as(r.toString()).contains("ExternalIPAddress = " + net.routerWanAddress());
    }
}
