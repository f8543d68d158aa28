package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * Every WANIPConnection action that miniupnpc's {@code upnpc} and its Python binding know, against the daemon in
 * the router namespace, from the LAN host. Where a client and the digest disagree, the client wins and the case is
 * written down here.
 */
@Tag("netns")
@Tag("peer")
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClientsEveryActionIT {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(45);

    private static ThreeHostTopology net;
    private static Processes.Background daemon;
    private static URI description;
    private static String lan;

    @BeforeAll
    static void startGateway() {
        ThreeHostTopology.assumeAvailable();
        Prerequisites.requireExecutable("upnpc");
        Prerequisites.requirePythonModule("miniupnpc");
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        lan = net.lanNamespace();
        daemon = DaemonProcess.startIn(net.routerNamespace(),
                "--lan", net.routerLanInterface(), "--wan", net.routerWanInterface(), "--http-port", "0");
        description = DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    @AfterAll
    static void cleanUp() {
        DaemonProcess.stopAndRemove(daemon, net);
    }

    private static Processes.Result upnpc(String... args) {
        return DaemonProcess.lanUpnpc(net, PEER_TIMEOUT, args);
    }

    private static Processes.Result python(String script) {
        return Processes.runIn(lan, PEER_TIMEOUT, List.of("/usr/bin/python3", "-c", script));
    }

    @Test
    @Order(1)
    void statusUsesEveryReadOnlyAction() {
        // -s: GetConnectionTypeInfo, GetStatusInfo, GetCommonLinkProperties, GetExternalIPAddress and the
        // four GetTotal* counters of WANCommonInterfaceConfig.
        Processes.Result r = upnpc("-s");
        assertThat(r.out()).as(r.toString())
                .contains("Connection Type : IP_Routed")
                .contains("Status : Connected")
                .contains("ExternalIPAddress = " + net.routerWanAddress())
                .containsPattern("MaxBitRateDown : \\d+ bps")
                .containsPattern("Bytes:\\s+Sent:\\s+\\d+\\s+Recv:\\s+\\d+")
                .doesNotContainIgnoringCase("failed");
    }

    @Test
    @Order(2)
    void presentationUrlIsServed() {
        Processes.Result r = upnpc("-P");
        assertThat(r.out()).as(r.toString()).contains("http://" + net.routerLanAddress() + ":" + description.getPort());
    }

    @Test
    @Order(3)
    void addWithDescriptionAndLeaseThenListWithBothListings() {
        Processes.Result add = upnpc("-e", "every-action", "-a", net.lanHostAddress(), "8080", "18080", "TCP", "3600");
        assertThat(add.out()).as(add.toString())
                .contains("external " + net.routerWanAddress() + ":18080 TCP is redirected to internal "
                        + net.lanHostAddress() + ":8080");
        Processes.Result generic = upnpc("-l");
        assertThat(generic.out()).as(generic.toString())
                .containsPattern("TCP\\s+18080->" + net.lanHostAddress().replace(".", "\\.") + ":8080\\s+'every-action'");
        // -L: GetListOfPortMappings (IGD:2), parsed by libminiupnpc's own PortMappingList parser.
        Processes.Result list = upnpc("-L");
        assertThat(list.out()).as(list.toString())
                .containsPattern("18080->" + net.lanHostAddress().replace(".", "\\.") + ":8080")
                .contains("every-action");
    }

    @Test
    @Order(4)
    void addAnyForTheClientsOwnPortUpdatesItAndAFreePortIsReservedAsAsked() {
        // IGD:2 §2.5.17 (spec/igd.md §5.1): the same InternalClient asking AddAnyPortMapping for its own
        // (ExternalPort, Protocol) updates that entry; it is not moved to another port.
        Processes.Result r = upnpc("-n", net.lanHostAddress(), "8081", "18080", "TCP", "600");
        assertThat(r.out()).as(r.toString())
                .contains("external " + net.routerWanAddress() + ":18080 TCP is redirected to internal "
                        + net.lanHostAddress() + ":8081");
        Processes.Result free = upnpc("-n", net.lanHostAddress(), "8083", "18083", "TCP", "600");
        assertThat(free.out()).as(free.toString())
                .contains(":18083 TCP is redirected to internal " + net.lanHostAddress() + ":8083");
    }

    @Test
    @Order(5)
    void redirectAllForTheCurrentHost() {
        Processes.Result r = upnpc("-r", "8082", "18082", "UDP");
        assertThat(r.out()).as(r.toString()).contains(":18082 UDP is redirected to internal " + net.lanHostAddress()
                + ":8082");
    }

    @Test
    @Order(6)
    void pythonBindingDrivesEveryActionItKnows() {
        Processes.Result r = python("""
                import miniupnpc
                u = miniupnpc.UPnP(multicastif='lan0', discoverdelay=2000)
                print('discovered', u.discover())
                print('control', u.selectigd())
                print('connectiontype', u.connectiontype())
                print('statusinfo', u.statusinfo())
                print('external', u.externalipaddress())
                print('bytes', u.totalbytesent(), u.totalbytereceived())
                print('packets', u.totalpacketsent(), u.totalpacketreceived())
                print('added', u.addportmapping(18090, 'UDP', u.lanaddr, 8090, 'py', '', 300))
                print('specific', u.getspecificportmapping(18090, 'UDP'))
                i, entries = 0, []
                while True:
                    e = u.getgenericportmapping(i)
                    if e is None:
                        break
                    entries.append(e[0])
                    i += 1
                print('generic', sorted(entries))
                print('any', u.addanyportmapping(18091, 'UDP', u.lanaddr, 8091, 'py-any', ''))
                try:
                    print('numberofentries', u.getportmappingnumberofentries())
                except Exception as e:
                    print('numberofentries-error', e)
                print('deleted', u.deleteportmapping(18090, 'UDP'))
                print('after', u.getspecificportmapping(18090, 'UDP'))
                print('range', u.deleteportmappingrange(18000, 18999, 'UDP', 0))
                """);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.out()).as(r.toString())
                .contains("connectiontype IP_Routed")
                .containsPattern("statusinfo \\('Connected', \\d+, 'ERROR_NONE'\\)")
                .contains("external " + net.routerWanAddress())
                .contains("added True")
                .containsPattern("specific \\('" + net.lanHostAddress().replace(".", "\\.") + "', 8090, 'py', True, \\d+\\)")
                .containsPattern("generic \\[.*18090.*\\]")
                .contains("any 18091")
                .contains("deleted True")
                .contains("after None")
                .contains("range True");
        // GetPortMappingNumberOfEntries is not a WANIPConnection action in the IGD:1 or IGD:2 SCPD (it is a state
        // variable); the binding calls it as an action and gets fault 401. Real clients treat that as unknown.
        assertThat(r.out()).containsPattern("numberofentries(-error)? ");
    }

    @Test
    @Order(7)
    void deleteRangeRemovesEveryMappingOfTheClientInTheRange() {
        Processes.Result r = upnpc("-N", "18000", "18999", "TCP");
        assertThat(r.out()).as(r.toString()).doesNotContainIgnoringCase("failed");
        Processes.Result list = upnpc("-l");
        assertThat(list.out()).as(list.toString()).doesNotContainPattern("TCP\\s+180\\d\\d->");
    }

    @Test
    @Order(8)
    void deleteOfAMissingMappingIsRefusedWith714() {
        Processes.Result r = upnpc("-d", "18777", "TCP");
        assertThat(r.out() + r.err()).as(r.toString()).contains("714");
    }
}
