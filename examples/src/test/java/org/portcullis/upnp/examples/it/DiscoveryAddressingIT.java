package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.testing.NetworkNamespaces;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.SsdpProbe;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * Discovery beyond IPv4 and addressing, against the daemon in the three-namespace topology with IPv6 added: the
 * router's LAN veth has the ULA fd77::1/64 (and its link-local address), the LAN host fd77::2/64; the WAN link has
 * 2001:db8:1::1/64 and ::2 (documentation addresses, i.e. not LAN). Checks: an IPv6 M-SEARCH from the LAN host to
 * [ff02::c%lan0]:1900 finds the daemon with a LOCATION on its ULA, and that description is served over IPv6; from the
 * WAN host nothing answers over IPv4 or IPv6, multicast or unicast; an address change on rlan0 is followed by a
 * byebye, a new BOOTID and alive NOTIFYs with the new LOCATION, seen by a listener on the LAN host, and HTTP moves to
 * the new address, where {@code gssdp-discover -i lan0} and {@code upnpc -m lan0} find it; when rlan0 then gains a
 * public address it stops being served (warning, byebye, no answers, no HTTP).
 */
@Tag("netns")
@Tag("peer")
@Timeout(110)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscoveryAddressingIT {
    private static final String ROUTER_ULA = "fd77::1";
    private static final String LAN_ULA = "fd77::2";
    private static final String ROUTER_WAN6 = "2001:db8:1::1";
    private static final String WAN_HOST6 = "2001:db8:1::2";
    private static final String NEW_LAN_ADDRESS = "192.168.77.10";

    /**
     * argv: dev dest port st wait [src]. IPv6 M-SEARCH pinned to dev (from source address src if given); prints what
     * comes back in SsdpProbe's format.
     */
    static final String SEARCH6 = """
            import socket, sys, time
            dev, host, port, st, wait = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
            idx = socket.if_nametoindex(dev)
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
            s.setsockopt(socket.SOL_SOCKET, 25, dev.encode() + b'\\0')
            if len(sys.argv) > 6:
                s.bind((sys.argv[6], 0, 0, idx if sys.argv[6].startswith('fe80') else 0))
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, idx)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 2)
            hosthdr = '[ff02::c]:1900' if host.startswith('ff') else '[%s]:%d' % (host, port)
            msg = ('M-SEARCH * HTTP/1.1\\r\\nHOST: ' + hosthdr + '\\r\\nMAN: "ssdp:discover"\\r\\nMX: 1\\r\\n'
                   'ST: ' + st + '\\r\\n\\r\\n')
            scope = idx if host.startswith('fe80') or host.startswith('ff02') else 0
            try:
                s.sendto(msg.encode(), (host, port, 0, scope))
                print('SENT', flush=True)
            except OSError as e:
                print('SENT-FAILED', e, flush=True)
            """ + SsdpProbe.RECEIVE_LOOP;

    private static ThreeHostTopology net;
    private static Processes.Background daemon;
    private static Processes.Background lanListener;
    private static URI description;

    @BeforeAll
    static void startGateway() {
        ThreeHostTopology.assumeAvailable();
        Prerequisites.requireExecutable("upnpc");
        Prerequisites.requireExecutable("gssdp-discover");
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        NetworkNamespaces.exec(net.routerNamespace(), "ip", "-6", "addr", "add", ROUTER_ULA + "/64", "dev",
                net.routerLanInterface(), "nodad");
        NetworkNamespaces.exec(net.lanNamespace(), "ip", "-6", "addr", "add", LAN_ULA + "/64", "dev",
                net.lanHostInterface(), "nodad");
        NetworkNamespaces.exec(net.routerNamespace(), "ip", "-6", "addr", "add", ROUTER_WAN6 + "/64", "dev",
                net.routerWanInterface(), "nodad");
        NetworkNamespaces.exec(net.wanNamespace(), "ip", "-6", "addr", "add", WAN_HOST6 + "/64", "dev",
                net.wanHostInterface(), "nodad");
        // The WAN host routes the LAN prefixes to the router, so that unicast probes to LAN addresses reach it too.
        NetworkNamespaces.exec(net.wanNamespace(), "ip", "-6", "route", "add", "fd77::/64", "via", ROUTER_WAN6);
        NetworkNamespaces.exec(net.wanNamespace(), "ip", "route", "add", "192.168.77.0/24", "via",
                net.routerWanAddress());
        awaitLinkLocal(net.lanNamespace(), net.lanHostInterface());
        awaitLinkLocal(net.routerNamespace(), net.routerLanInterface());
        lanListener = SsdpProbe.listen(net.lanNamespace(), net.lanHostAddress(), Duration.ofSeconds(105));
        daemon = DaemonProcess.startIn(net.routerNamespace(),
                "--lan", net.routerLanInterface(), "--wan", net.routerWanInterface(), "--http-port", "0");
        description = DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    /** Link-local addresses finish DAD about a second after the link comes up; the daemon must see them. */
    static void awaitLinkLocal(String ns, String dev) {
        for (int i = 0; i < 50; i++) {
            String out = Processes.runIn(ns, Duration.ofSeconds(5), "ip", "-6", "addr", "show", "dev", dev).out();
            if (out.contains("fe80") && !out.contains("tentative")) {
                return;
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @AfterAll
    static void cleanUp() {
        DaemonProcess.stopAndRemove(daemon, net, lanListener);
    }

    /**
     * Runs {@link #SEARCH6} in {@code ns} (from {@code source} when given) and returns its output, answers arriving
     * within 2.5 s included. It may report SENT-FAILED (e.g. no route from the WAN host); see {@link #search6Sent}.
     */
    static Processes.Result runSearch6(String ns, String dev, String host, String st, String... source) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", SEARCH6, dev, host, "1900", st, "2.5"));
        cmd.addAll(List.of(source));
        Processes.Result r = Processes.runIn(ns, Duration.ofSeconds(15), cmd);
        assertThat(r.out()).as(r.toString()).contains("SENT");
        return r;
    }

    /** The answers to an IPv6 search that must have left the host. */
    static List<SsdpProbe.Datagram> search6Sent(String ns, String dev, String host, String st, String... source) {
        Processes.Result r = runSearch6(ns, dev, host, st, source);
        assertThat(r.out()).as(r.toString()).doesNotContain("SENT-FAILED");
        return SsdpProbe.parse(r.out());
    }

    /** The answers to an IPv6 search; one the host cannot send counts as unanswered. */
    private static List<SsdpProbe.Datagram> search6(String ns, String dev, String host, String st) {
        return SsdpProbe.parse(runSearch6(ns, dev, host, st).out());
    }

    private static Processes.Result fetch(String url) {
        return Processes.runIn(net.lanNamespace(), Duration.ofSeconds(15), List.of("/usr/bin/python3", "-c", """
                import sys, urllib.request
                try:
                    with urllib.request.urlopen(sys.argv[1], timeout=5) as resp:
                        print(resp.status)
                except Exception as e:
                    print('FAILED', e)
                """, url));
    }

    /**
     * Interop case written down: the spec digest (ssdp.md §1, UDA 2.0 Annex A) pairs FF02::C with a link-local
     * LOCATION. When the interface has a ULA we answer FF02::C with a LOCATION on the ULA instead, as miniupnpd does
     * (it puts the interface's first non-link-local IPv6 address in its URLs): a ULA URL works in every control point
     * as is, while a link-local URL needs the control point to add its own zone (libminiupnpc does, Python's urllib
     * and most others do not). Without a ULA the LOCATION is link-local (DiscoveryLinkLocalIT).
     */
    @Test
    @Order(1)
    void ipv6MulticastSearchFromTheLanFindsTheDaemonOnItsUla() {
        List<SsdpProbe.Datagram> answers = search6(net.lanNamespace(), net.lanHostInterface(), "ff02::c",
                "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
        String location = "http://[" + ROUTER_ULA + "]:" + description.getPort() + description.getPath();
        assertThat(answers).as("IPv6 answers").isNotEmpty().allSatisfy(d -> {
            assertThat(d.startLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(d.header("LOCATION")).hasValue(location);
            assertThat(d.header("ST")).hasValue("urn:schemas-upnp-org:device:InternetGatewayDevice:1");
        });
        Processes.Result r = fetch(location);
        assertThat(r.out()).as(r.toString()).startsWith("200");
    }

    @Test
    @Order(2)
    void nothingAnswersFromTheWanOverIpv4OrIpv6() {
        String wan = net.wanNamespace();
        String dev = net.wanHostInterface();
        List<SsdpProbe.Datagram> all = new ArrayList<>();
        all.addAll(search6(wan, dev, "ff02::c", "ssdp:all"));
        all.addAll(search6(wan, dev, ROUTER_WAN6, "ssdp:all"));
        all.addAll(search6(wan, dev, ROUTER_ULA, "ssdp:all"));
        all.addAll(search6(wan, dev, "ff05::c", "ssdp:all"));
        all.addAll(SsdpProbe.search(wan, dev, SsdpProbe.GROUP, SsdpProbe.PORT, "ssdp:all", Duration.ofSeconds(2)));
        all.addAll(SsdpProbe.search(wan, dev, net.routerWanAddress(), SsdpProbe.PORT, "ssdp:all",
                Duration.ofSeconds(2)));
        all.addAll(SsdpProbe.search(wan, dev, net.routerLanAddress(), SsdpProbe.PORT, "ssdp:all",
                Duration.ofSeconds(2)));
        assertThat(all).as("answers seen on the WAN host").isEmpty();
    }

    @Test
    @Order(3)
    void addressChangeIsFollowedByByebyeNewBootIdAndAliveOnTheNewAddress() {
        String before = lanListener.stdout();
        long oldBootId = SsdpProbe.parse(before).stream()
                .filter(d -> d.header("NTS").filter("ssdp:alive"::equals).isPresent())
                .map(d -> Long.parseLong(d.header("BOOTID.UPNP.ORG").orElseThrow()))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no alive before the change: " + before));
        int mark = before.length();
        Processes.Result r = Processes.runIn(net.routerNamespace(), Duration.ofSeconds(10), "sh", "-c",
                "ip addr del " + net.routerLanAddress() + "/24 dev " + net.routerLanInterface() + " && ip addr add "
                        + NEW_LAN_ADDRESS + "/24 dev " + net.routerLanInterface());
        assertThat(r.ok()).as(r.toString()).isTrue();
        String newLocation = "http://" + NEW_LAN_ADDRESS + ":" + description.getPort() + description.getPath();
        assertThat(lanListener.waitForLine("^LOCATION: " + newLocation.replace(".", "\\.") + "$",
                Duration.ofSeconds(15))).as("alive with the new LOCATION: " + daemon).isPresent();
        lanListener.waitForLine("^---END---$", Duration.ofSeconds(2));
        sleep(300);
        List<SsdpProbe.Datagram> after = SsdpProbe.parse(lanListener.stdout().substring(mark));
        assertThat(after).as("byebye with the old BOOTID")
                .anySatisfy(d -> {
                    assertThat(d.header("NTS")).hasValue("ssdp:byebye");
                    assertThat(d.header("BOOTID.UPNP.ORG")).hasValue(Long.toString(oldBootId));
                });
        int firstByebye = indexOf(after, "ssdp:byebye");
        int firstNewAlive = -1;
        for (int i = 0; i < after.size(); i++) {
            if (after.get(i).header("LOCATION").filter(newLocation::equals).isPresent()
                    && after.get(i).header("NTS").filter("ssdp:alive"::equals).isPresent()) {
                firstNewAlive = i;
                break;
            }
        }
        assertThat(firstByebye).as("byebye before the new alive").isBetween(0, firstNewAlive);
        long newBootId = Long.parseLong(after.get(firstNewAlive).header("BOOTID.UPNP.ORG").orElseThrow());
        assertThat(newBootId).isGreaterThan(oldBootId);
        assertThat(fetch(newLocation).out()).startsWith("200");
        assertThat(fetch(description.toString()).out()).startsWith("FAILED");
    }

    @Test
    @Order(4)
    void realControlPointsFindTheDaemonAtItsNewAddress() {
        String newLocation = "http://" + NEW_LAN_ADDRESS + ":" + description.getPort() + description.getPath();
        Processes.Result g = Processes.runIn(net.lanNamespace(), Duration.ofSeconds(20), "timeout", "15",
                "gssdp-discover", "-i", net.lanHostInterface(), "--timeout", "4", "--target", "upnp:rootdevice");
        assertThat(g.out()).as(g.toString()).contains(newLocation);
        Processes.Result u = Processes.runIn(net.lanNamespace(), Duration.ofSeconds(40), "upnpc", "-m",
                net.lanHostInterface(), "-i", "-s");
        assertThat(u.out()).as(u.toString()).contains(newLocation);
    }

    @Test
    @Order(5)
    void interfaceWhoseAddressTurnsPublicStopsBeingServedWithAWarning() {
        int mark = lanListener.stdout().length();
        NetworkNamespaces.exec(net.routerNamespace(), "ip", "addr", "add", "198.18.0.1/24", "dev",
                net.routerLanInterface());
        assertThat(daemon.waitForLine("(?i)WARN.*" + net.routerLanInterface() + " stops being served",
                Duration.ofSeconds(10))).as("warning: " + daemon).isPresent();
        assertThat(lanListener.waitForLine("^NTS: ssdp:byebye$", Duration.ofSeconds(5))).isPresent();
        sleep(500);
        assertThat(SsdpProbe.parse(lanListener.stdout().substring(mark)))
                .filteredOn(d -> d.header("NTS").filter("ssdp:byebye"::equals).isPresent()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(SsdpProbe.search(net.lanNamespace(), net.lanHostInterface(), SsdpProbe.GROUP, SsdpProbe.PORT,
                "ssdp:all", Duration.ofSeconds(2))).as("answers after the LAN interface turned public").isEmpty();
        String location = "http://" + NEW_LAN_ADDRESS + ":" + description.getPort() + description.getPath();
        assertThat(fetch(location).out()).startsWith("FAILED");
    }

    private static int indexOf(List<SsdpProbe.Datagram> ds, String nts) {
        for (int i = 0; i < ds.size(); i++) {
            if (ds.get(i).header("NTS").filter(nts::equals).isPresent()) {
                return i;
            }
        }
        return -1;
    }
}
