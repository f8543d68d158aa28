package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
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
import org.portcullis.upnp.core.testing.SsdpProbe;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * The daemon as a gateway between a LAN host and a WAN host in namespaces, driven by real control points:
 * miniupnpc's {@code upnpc} and Python binding, and GSSDP's {@code gssdp-discover} on the LAN; probes on the WAN
 * that must get nothing. The last test stops the daemon with SIGTERM and checks the ssdp:byebye.
 */
@Tag("netns")
@Tag("peer")
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IgdEndToEndIT {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(45);
    /** Announced and described: IGD:2 (IgdVersion.AUTO). */
    private static final String IGD_DEVICE = "urn:schemas-upnp-org:device:InternetGatewayDevice:2";
    /** What libminiupnpc searches for: answered by the IGD:2 device through the UDA version rule. */
    private static final String IGD1_DEVICE = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";

    private static ThreeHostTopology net;
    private static Processes.Background daemon;
    /** Joined to the SSDP group on each side before the daemon starts, to see its alive NOTIFYs (or their absence). */
    private static Processes.Background lanListener;
    private static Processes.Background wanListener;
    private static URI description;
    private static String lan;
    private static String wan;

    @BeforeAll
    static void startGateway() {
        ThreeHostTopology.assumeAvailable();
        Prerequisites.requireExecutable("upnpc");
        Prerequisites.requireExecutable("gssdp-discover");
        Prerequisites.requirePythonModule("miniupnpc");
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        lan = net.lanNamespace();
        wan = net.wanNamespace();
        lanListener = SsdpProbe.listen(lan, net.lanHostAddress(), Duration.ofSeconds(170));
        wanListener = SsdpProbe.listen(wan, net.wanHostAddress(), Duration.ofSeconds(170));
        daemon = DaemonProcess.startIn(net.routerNamespace(),
                "--lan", net.routerLanInterface(), "--wan", net.routerWanInterface(), "--http-port", "0");
        description = DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    @AfterAll
    static void cleanUp() {
        DaemonProcess.stopAndRemove(daemon, net, lanListener, wanListener);
    }

    private static Processes.Result upnpc(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("upnpc"));
        cmd.addAll(List.of(args));
        return Processes.runIn(ns, PEER_TIMEOUT, cmd);
    }

    private static Processes.Result lanUpnpc(String... args) {
        List<String> cmd = new ArrayList<>(List.of("-m", ThreeHostTopology.LAN_HOST_IF, "-i"));
        cmd.addAll(List.of(args));
        return upnpc(lan, cmd.toArray(String[]::new));
    }

    private static Processes.Result python(String ns, String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        cmd.addAll(List.of(args));
        return Processes.runIn(ns, PEER_TIMEOUT, cmd);
    }

    private static int httpPort() {
        return description.getPort();
    }

    @Test
    @Order(1)
    void descriptionIsServedOnTheLan() {
        Processes.Result r = python(lan, """
                import sys, urllib.request
                with urllib.request.urlopen(sys.argv[1], timeout=10) as resp:
                    print(resp.status)
                    print(resp.read().decode('utf-8', 'replace'))
                """, description.toString());
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.out()).startsWith("200").contains(IGD_DEVICE).contains("WANIPConnection");
    }

    @Test
    @Order(2)
    void aliveNotifiesReachTheLan() {
        assertThat(lanListener.waitForLine("(?i)^NTS:\\s*ssdp:alive", Duration.ofSeconds(10)))
                .as("alive on the LAN: " + lanListener.stdout()).isPresent();
        // The listener prints a datagram's lines at once; wait for its end before parsing.
        lanListener.waitForLine("^---END---$", Duration.ofSeconds(2));
        assertThat(SsdpProbe.parse(lanListener.stdout()))
                .filteredOn(d -> d.header("NTS").filter("ssdp:alive"::equalsIgnoreCase).isPresent())
                .isNotEmpty()
                .allSatisfy(d -> {
                    assertThat(d.startLine()).isEqualTo("NOTIFY * HTTP/1.1");
                    assertThat(d.header("LOCATION")).hasValue(description.toString());
                })
                .anySatisfy(d -> assertThat(d.header("NT")).hasValue(IGD_DEVICE));
    }

    @Test
    @Order(3)
    void upnpcStatusShowsTheWanAddress() {
        Processes.Result r = lanUpnpc("-s");
        assertThat(r.out()).as(r.toString())
                .contains(description.toString())
                .containsPattern("ExternalIPAddress = " + net.routerWanAddress().replace(".", "\\.") + "\\b");
    }

    @Test
    @Order(4)
    void upnpcAddsListsAndDeletesAMappingForItself() {
        Processes.Result add = lanUpnpc("-a", net.lanHostAddress(), "8080", "18080", "TCP");
        assertThat(add.out()).as(add.toString())
                .contains("is redirected to internal " + net.lanHostAddress() + ":8080")
                .doesNotContain("failed with code");

        Processes.Result list = lanUpnpc("-l");
        assertThat(list.out()).as(list.toString())
                .containsPattern("TCP\\s+18080->" + net.lanHostAddress().replace(".", "\\.") + ":8080\\b");

        Processes.Result del = lanUpnpc("-d", "18080", "TCP");
        assertThat(del.out()).as(del.toString()).containsPattern("UPNP_DeletePortMapping\\(\\) returned\\s*:\\s*0");

        Processes.Result after = lanUpnpc("-l");
        assertThat(after.out()).as(after.toString()).doesNotContain("18080->");
    }

    @Test
    @Order(5)
    void upnpcCannotMapToAnotherHost() {
        Processes.Result add = lanUpnpc("-a", "192.168.77.9", "8081", "18081", "TCP");
        // Secure mode: InternalClient must be the caller. IGD:1 answers 718 ConflictInMappingEntry, IGD:2 606.
        assertThat(add.out()).as(add.toString())
                .containsPattern("failed with code (718|606)")
                .doesNotContain("is redirected to internal");
        Processes.Result list = lanUpnpc("-l");
        assertThat(list.out()).as(list.toString()).doesNotContain("18081->").doesNotContain("192.168.77.9");
    }

    @Test
    @Order(6)
    void pythonBindingMapsAndUnmaps() {
        Processes.Result r = python(lan, """
                import miniupnpc, sys
                # multicastif is read-only after construction in miniupnpc 2.2.x: pass it to the constructor.
                u = miniupnpc.UPnP(multicastif='lan0', discoverdelay=2000)
                print('discovered', u.discover())
                print('control', u.selectigd())
                print('lanaddr', u.lanaddr)
                print('external', u.externalipaddress())
                print('added', u.addportmapping(18090, 'TCP', u.lanaddr, 8090, 'portcullis-it', ''))
                print('specific', u.getspecificportmapping(18090, 'TCP'))
                print('deleted', u.deleteportmapping(18090, 'TCP'))
                print('after', u.getspecificportmapping(18090, 'TCP'))
                """);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.out()).as(r.toString())
                .contains("lanaddr " + net.lanHostAddress())
                .contains("external " + net.routerWanAddress())
                .contains("added True")
                .containsPattern("specific \\('" + net.lanHostAddress().replace(".", "\\.") + "', 8090, 'portcullis-it'")
                .contains("deleted True")
                .contains("after None");
    }

    @Test
    @Order(7)
    void gssdpDiscoverSeesTheRootDevice() {
        Processes.Result r = Processes.runIn(lan, Duration.ofSeconds(20), "timeout", "15", "gssdp-discover",
                "-i", ThreeHostTopology.LAN_HOST_IF, "--timeout", "4", "--target", "upnp:rootdevice");
        assertThat(r.out()).as(r.toString())
                .containsPattern("USN:\\s+uuid:[0-9a-fA-F-]+::upnp:rootdevice")
                .containsPattern("Location:\\s+" + Pattern.quote(description.toString()));
    }

    @Test
    @Order(8)
    void lanSearchesGetAnswers() {
        List<SsdpProbe.Datagram> unicast = SsdpProbe.search(lan, ThreeHostTopology.LAN_HOST_IF,
                net.routerLanAddress(), SsdpProbe.PORT, "upnp:rootdevice", Duration.ofSeconds(3));
        assertThat(unicast).as("unicast M-SEARCH from the LAN").isNotEmpty();
        assertThat(unicast.get(0).startLine()).startsWith("HTTP/1.1 200");
        assertThat(unicast.get(0).header("LOCATION")).hasValue(description.toString());
        assertThat(unicast.get(0).header("ST")).hasValue("upnp:rootdevice");

        List<SsdpProbe.Datagram> multicast = SsdpProbe.search(lan, ThreeHostTopology.LAN_HOST_IF,
                SsdpProbe.GROUP, SsdpProbe.PORT, IGD1_DEVICE, Duration.ofSeconds(3));
        assertThat(multicast).as("multicast M-SEARCH from the LAN").isNotEmpty()
                .allSatisfy(d -> assertThat(d.header("ST")).hasValue(IGD1_DEVICE));
    }

    @Test
    @Order(9)
    void wanSearchesGetNothing() {
        String wanIf = ThreeHostTopology.WAN_HOST_IF;
        assertThat(SsdpProbe.search(wan, wanIf, net.routerWanAddress(), SsdpProbe.PORT, "ssdp:all",
                Duration.ofSeconds(3))).as("unicast M-SEARCH to the WAN address").isEmpty();
        assertThat(SsdpProbe.search(wan, wanIf, SsdpProbe.GROUP, SsdpProbe.PORT, "ssdp:all",
                Duration.ofSeconds(3))).as("multicast M-SEARCH on the WAN link").isEmpty();

        Processes.Result r = upnpc(wan, "-m", wanIf, "-i", "-l");
        assertThat(r.output()).as(r.toString())
                .contains("No IGD UPnP Device found")
                .doesNotContain(net.routerLanAddress());
    }

    @Test
    @Order(10)
    void wanCannotReachHttp() {
        assertThat(connect(net.routerWanAddress(), httpPort())).as("TCP to the WAN address").isNotEqualTo("CONNECTED");
    }

    /**
     * A WAN host that routes the LAN subnet through the router (as a neighbour on the ISP segment can) reaches the
     * router's LAN address: the daemon must answer neither SSDP nor HTTP from that non-LAN source.
     */
    @Test
    @Order(11)
    void wanHostRoutingToTheLanAddressIsRefused() {
        Processes.runIn(wan, Processes.SHORT, "ip", "route", "add", "192.168.77.0/24", "via", net.routerWanAddress())
                .requireOk();
        try {
            assertThat(SsdpProbe.search(wan, ThreeHostTopology.WAN_HOST_IF, net.routerLanAddress(), SsdpProbe.PORT,
                    "ssdp:all", Duration.ofSeconds(3))).as("unicast M-SEARCH to the LAN address from the WAN").isEmpty();
            Processes.Result get = python(wan, """
                    import socket, sys
                    try:
                        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3)
                    except OSError as e:
                        print('NOCONNECT', e)
                        sys.exit(0)
                    s.settimeout(5)
                    s.sendall(('GET %s HTTP/1.1\\r\\nHost: %s:%s\\r\\nConnection: close\\r\\n\\r\\n'
                               % (sys.argv[3], sys.argv[1], sys.argv[2])).encode())
                    data = b''
                    try:
                        while len(data) < 100000:
                            chunk = s.recv(4096)
                            if not chunk:
                                break
                            data += chunk
                    except OSError as e:
                        print('RECVERR', e)
                    print('RESPONSE', repr(data[:200]))
                    """, net.routerLanAddress(), Integer.toString(httpPort()), description.getRawPath());
            assertThat(get.ok()).as(get.toString()).isTrue();
            assertThat(get.out()).as(get.toString()).doesNotContain("200 OK").doesNotContain("<root");
        } finally {
            Processes.runIn(wan, Processes.SHORT, "ip", "route", "del", "192.168.77.0/24");
        }
    }

    private String connect(String host, int port) {
        Processes.Result r = python(wan, """
                import socket, sys
                try:
                    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3).close()
                    print('CONNECTED')
                except socket.timeout:
                    print('TIMEOUT')
                except ConnectionRefusedError:
                    print('REFUSED')
                except OSError as e:
                    print('ERROR', e)
                """, host, Integer.toString(port));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.out().strip();
    }

    @Test
    @Order(100)
    void sigtermSendsByebyeAndExitsZero() {
        try (Processes.Background listener = SsdpProbe.listen(lan, net.lanHostAddress(), Duration.ofSeconds(30))) {
            int code = DaemonProcess.stop(daemon);
            assertThat(code).as(daemon.toString()).isZero();
            assertThat(listener.waitForLine("(?i)^NTS:\\s*ssdp:byebye", Duration.ofSeconds(10)))
                    .as("byebye on the LAN: " + listener.stdout()).isPresent();
            listener.close();
            System.out.println("LAN listener during shutdown:\n" + listener.stdout());
            List<SsdpProbe.Datagram> byebyes = SsdpProbe.parse(listener.stdout()).stream()
                    .filter(d -> d.header("NTS").filter("ssdp:byebye"::equalsIgnoreCase).isPresent())
                    .toList();
            assertThat(byebyes).isNotEmpty().allSatisfy(d -> {
                assertThat(d.startLine()).isEqualTo("NOTIFY * HTTP/1.1");
                assertThat(d.from()).startsWith(net.routerLanAddress() + ":");
            });
            assertThat(byebyes).anySatisfy(d -> assertThat(d.header("NT")).hasValue("upnp:rootdevice"));
        }
        // Over the whole run (alive at start-up, search answers, byebye), nothing from the router reached the
        // WAN link. The WAN listener does hear the WAN host's own multicast M-SEARCH (looped back): that shows it
        // was listening.
        wanListener.close();
        assertThat(SsdpProbe.parse(wanListener.stdout()))
                .as("SSDP from the router on the WAN link: " + wanListener.stdout())
                .isNotEmpty()
                .noneMatch(d -> d.from().startsWith(net.routerWanAddress() + ":")
                        || d.from().startsWith(net.routerLanAddress() + ":"))
                .allSatisfy(d -> assertThat(d.from()).startsWith(net.wanHostAddress() + ":"));
    }
}
