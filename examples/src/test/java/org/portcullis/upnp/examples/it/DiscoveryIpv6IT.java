package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
 * IPv6 SSDP on the site-local group FF05::C, against the daemon in the three-namespace topology (router's LAN veth
 * fd77::1/64, LAN host fd77::2/64): with {@code --ssdp-site-local} an M-SEARCH from the LAN host to [ff05::c]:1900
 * is answered with a LOCATION on the ULA and alive NOTIFYs go to FF05::C with that HOST; without the flag neither
 * happens (FF02::C still served); the WAN host gets no answer on ff05::c either way. Routes for ff05::/16 are added
 * on lan0, rlan0 and wan0.
 */
@Tag("netns")
@Timeout(110)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscoveryIpv6IT {
    private static final String ROUTER_ULA = "fd77::1";
    private static final String LAN_ULA = "fd77::2";
    private static final String IGD = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";

    /** argv: dev lifetime. Joins ff02::c and ff05::c on dev, port 1900; prints datagrams in SsdpProbe's format. */
    static final String LISTEN6 = """
            import socket, struct, sys, time
            dev, wait = sys.argv[1], float(sys.argv[2])
            idx = socket.if_nametoindex(dev)
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(('::', 1900))
            for g in ('ff02::c', 'ff05::c'):
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                             socket.inet_pton(socket.AF_INET6, g) + struct.pack('@I', idx))
            print('LISTENING', flush=True)
            """ + SsdpProbe.RECEIVE_LOOP;

    private static ThreeHostTopology net;
    private Processes.Background daemon;
    private Processes.Background listener;

    @BeforeAll
    static void topology() {
        ThreeHostTopology.assumeAvailable();
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        NetworkNamespaces.exec(net.routerNamespace(), "ip", "-6", "addr", "add", ROUTER_ULA + "/64", "dev",
                net.routerLanInterface(), "nodad");
        NetworkNamespaces.exec(net.lanNamespace(), "ip", "-6", "addr", "add", LAN_ULA + "/64", "dev",
                net.lanHostInterface(), "nodad");
        NetworkNamespaces.exec(net.routerNamespace(), "ip", "-6", "route", "add", "ff05::/16", "dev",
                net.routerLanInterface());
        NetworkNamespaces.exec(net.lanNamespace(), "ip", "-6", "route", "add", "ff05::/16", "dev",
                net.lanHostInterface());
        NetworkNamespaces.exec(net.wanNamespace(), "ip", "-6", "route", "add", "ff05::/16", "dev",
                net.wanHostInterface());
        DiscoveryAddressingIT.awaitLinkLocal(net.lanNamespace(), net.lanHostInterface());
        DiscoveryAddressingIT.awaitLinkLocal(net.routerNamespace(), net.routerLanInterface());
        DiscoveryAddressingIT.awaitLinkLocal(net.wanNamespace(), net.wanHostInterface());
    }

    @AfterAll
    static void cleanUp() {
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void stopDaemon() {
        if (listener != null) {
            listener.close();
        }
        if (daemon != null) {
            daemon.destroy(Duration.ofSeconds(10));
            System.out.println("daemon output:\n" + daemon);
        }
    }

    private URI start(String... extra) {
        listener = Processes.startIn(net.lanNamespace(), "/usr/bin/python3", "-u", "-c", LISTEN6,
                net.lanHostInterface(), "60");
        assertThat(listener.waitForLine("^LISTENING$", Duration.ofSeconds(10))).as(listener.toString()).isPresent();
        List<String> args = new java.util.ArrayList<>(List.of("--lan", net.routerLanInterface(), "--wan",
                net.routerWanInterface(), "--http-port", "0"));
        args.addAll(List.of(extra));
        daemon = DaemonProcess.startIn(net.routerNamespace(), args.toArray(String[]::new));
        return DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    private static List<SsdpProbe.Datagram> search6(String ns, String dev, String host, String st) {
        return DiscoveryAddressingIT.search6Sent(ns, dev, host, st);
    }

    private static Processes.Result fetch(String url) {
        return Processes.runIn(net.lanNamespace(), Duration.ofSeconds(15), List.of("/usr/bin/python3", "-c", """
                import sys, urllib.request
                try:
                    with urllib.request.urlopen(sys.argv[1], timeout=5) as resp:
                        print(resp.status, len(resp.read()))
                except Exception as e:
                    print('FAILED', e)
                """, url));
    }

    private List<SsdpProbe.Datagram> alivesTo(String host) {
        return SsdpProbe.parse(listener.stdout()).stream()
                .filter(d -> d.startLine().startsWith("NOTIFY") && d.header("HOST").filter(host::equals).isPresent()
                        && d.header("NTS").filter("ssdp:alive"::equals).isPresent())
                .toList();
    }

    @Test
    @Order(1)
    void siteLocalGroupIsServedWithTheFlag() {
        URI description = start("--ssdp-site-local");
        String location = "http://[" + ROUTER_ULA + "]:" + description.getPort() + description.getPath();
        List<SsdpProbe.Datagram> answers = search6(net.lanNamespace(), net.lanHostInterface(), "ff05::c", IGD);
        assertThat(answers).as("answers to [ff05::c]:1900").isNotEmpty().allSatisfy(d -> {
            assertThat(d.startLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(d.header("LOCATION")).hasValue(location);
        });
        assertThat(fetch(location).out()).startsWith("200");
        assertThat(alivesTo("[ff05::c]:1900")).as("alive NOTIFYs to ff05::c: " + listener.stdout())
                .isNotEmpty().allSatisfy(d -> assertThat(d.header("LOCATION")).hasValue(location));
        assertThat(search6(net.wanNamespace(), net.wanHostInterface(), "ff05::c", "ssdp:all"))
                .as("answers on the WAN host to [ff05::c]:1900").isEmpty();
    }

    @Test
    @Order(2)
    void siteLocalGroupIsNotServedWithoutTheFlag() {
        start();
        assertThat(search6(net.lanNamespace(), net.lanHostInterface(), "ff05::c", IGD))
                .as("answers to [ff05::c]:1900 without --ssdp-site-local").isEmpty();
        assertThat(search6(net.lanNamespace(), net.lanHostInterface(), "ff02::c", IGD))
                .as("answers to [ff02::c]:1900").isNotEmpty();
        assertThat(alivesTo("[ff05::c]:1900")).as("NOTIFYs to ff05::c").isEmpty();
        assertThat(alivesTo("[ff02::c]:1900")).as("NOTIFYs to ff02::c").isNotEmpty();
        assertThat(search6(net.wanNamespace(), net.wanHostInterface(), "ff05::c", "ssdp:all"))
                .as("answers on the WAN host to [ff05::c]:1900").isEmpty();
    }
}
