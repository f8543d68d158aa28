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
 * IPv6 on a LAN without a ULA, against the daemon in the three-namespace topology.
 *
 * <p>1. Link-local only: the router's LAN veth gets {@code fe80::1/64} by hand, without {@code nodad} and with five
 * DAD probes, so the address is still tentative (unbindable) when the daemon starts right after. The daemon serves
 * IPv4 at once and picks the link-local address up when DAD completes (a LAN change: byebye, new BOOTID, alive). An
 * IPv6 M-SEARCH from the LAN host to {@code [ff02::c%lan0]:1900} then gets LOCATION {@code http://[fe80::1]:port/...}
 * (no zone: ours would mean nothing on the LAN host), and the description is served over that address with the LAN
 * host's zone added: Python's urllib ({@code Host: [fe80::1%lan0]:port}) and curl with RFC 6874's {@code %25lan0}.
 * Real peers: {@code upnpc -6 -m lan0 -i -s} (libminiupnpc adds its own zone, {@code %25lan0}, to the link-local
 * LOCATION and uses the IGD through it) and the WAN host (nothing answers there). {@code gssdp-discover} is not used:
 * the Debian 12 version (gupnp-tools 0.12, GSSDP 1.6.2) has no option to search over IPv6; on an interface with
 * only a link-local IPv6 address it stops with "Failed to create GSSDP client: Failed to find IP of interface a0"
 * (GSSDP looks for an IPv4 address unless told the family), and on lan0 it searches over IPv4 only.
 *
 * <p>2. A global address on the LAN: rlan0 also gets {@code 2001:db8:77::1/64}, the LAN host {@code 2001:db8:77::2/64},
 * and the daemon is restarted. It serves rlan0 with one warning naming the ignored global address; no SSDP answer or
 * NOTIFY names it and HTTP does not listen on it; a search and an HTTP request whose source is the LAN host's global
 * address are answered, and that host opens a pinhole to its own global address (AddPinhole over SOAP from that
 * address) while one to an address outside the on-link prefix is refused. {@code upnpc -6 -A} for the host's global
 * address succeeds although upnpc speaks from its link-local address (it talks to the link-local LOCATION): secure
 * mode accepts another address of the same host, which the router's neighbour cache maps to the same MAC. A pinhole
 * to an address of the prefix that no host answers for (the daemon's solicitation goes unanswered), or to one whose
 * neighbour entry has another MAC, is still refused (606).
 */
@Tag("netns")
@Tag("peer")
@Timeout(115)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscoveryLinkLocalIT {
    private static final String ROUTER_LL = "fe80::1";
    private static final String ROUTER_GLOBAL = "2001:db8:77::1";
    private static final String LAN_GLOBAL = "2001:db8:77::2";
    private static final String OTHER_GLOBAL = "2001:db8:77::3";
    private static final String NO_HOST_GLOBAL = "2001:db8:77::99";
    private static final String IGD = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";

    /** argv: host(with zone) port path src [soap-body]. GET, or POST AddPinhole; prints status and body. */
    private static final String HTTP_FROM = """
            import http.client, sys
            host, port, path, src = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
            try:
                c = http.client.HTTPConnection(host, port, timeout=5,
                                               source_address=(src, 0) if src != '-' else None)
                if len(sys.argv) > 5:
                    c.request('POST', path, body=sys.argv[5].encode(), headers={
                        'Content-Type': 'text/xml; charset="utf-8"',
                        'SOAPAction': '"urn:schemas-upnp-org:service:WANIPv6FirewallControl:1#AddPinhole"'})
                else:
                    c.request('GET', path)
                r = c.getresponse()
                print(r.status, r.read().decode('utf-8', 'replace').replace('\\n', ' '))
            except Exception as e:
                print('FAILED', e)
            """;

    private static ThreeHostTopology net;
    private static Processes.Background daemon;
    private static Processes.Background listener; // IPv6: ff02::c and ff05::c on lan0
    private static Processes.Background listener4; // IPv4: 239.255.255.250 on lan0
    private static URI description;

    @BeforeAll
    static void topology() {
        ThreeHostTopology.assumeAvailable();
        Prerequisites.requireExecutable("upnpc");
        Prerequisites.requireExecutable("curl");
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        DiscoveryAddressingIT.awaitLinkLocal(net.lanNamespace(), net.lanHostInterface());
        DiscoveryAddressingIT.awaitLinkLocal(net.wanNamespace(), net.wanHostInterface());
    }

    @AfterAll
    static void cleanUp() {
        try {
            stopDaemon();
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }

    private static void stopDaemon() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        if (listener4 != null) {
            listener4.close();
            listener4 = null;
        }
        if (daemon != null) {
            DaemonProcess.stop(daemon);
            System.out.println("daemon output:\n" + daemon);
            daemon = null;
        }
    }

    private static void startDaemon() {
        listener = Processes.startIn(net.lanNamespace(), "/usr/bin/python3", "-u", "-c", DiscoveryIpv6IT.LISTEN6,
                net.lanHostInterface(), "50");
        assertThat(listener.waitForLine("^LISTENING$", Duration.ofSeconds(10))).as(listener.toString()).isPresent();
        listener4 = SsdpProbe.listen(net.lanNamespace(), net.lanHostAddress(), Duration.ofSeconds(50));
        daemon = DaemonProcess.startIn(net.routerNamespace(), "--lan", net.routerLanInterface(), "--wan",
                net.routerWanInterface(), "--http-port", "0");
        description = DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    private static String routerIp6(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-6"));
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.runIn(net.routerNamespace(), Duration.ofSeconds(10), cmd);
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.out();
    }

    private static List<SsdpProbe.Datagram> search6(String ns, String dev, String host, String st) {
        return DiscoveryAddressingIT.search6Sent(ns, dev, host, st);
    }

    private static List<SsdpProbe.Datagram> searchFrom(String src, String dest) {
        return SsdpProbe.parse(DiscoveryAddressingIT.runSearch6(net.lanNamespace(), net.lanHostInterface(), dest, IGD,
                src).out());
    }

    private static String http(String host, String src, String... soapBody) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", HTTP_FROM, host,
                Integer.toString(description.getPort()), soapBody.length == 0 ? description.getPath() : "/ctl/IP6FCtl",
                src));
        cmd.addAll(List.of(soapBody));
        return Processes.runIn(net.lanNamespace(), Duration.ofSeconds(15), cmd).out().trim();
    }

    private static String addPinhole(String client) {
        return """
                <?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" \
                s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>\
                <u:AddPinhole xmlns:u="urn:schemas-upnp-org:service:WANIPv6FirewallControl:1">\
                <RemoteHost></RemoteHost><RemotePort>0</RemotePort><InternalClient>%s</InternalClient>\
                <InternalPort>8080</InternalPort><Protocol>6</Protocol><LeaseTime>3600</LeaseTime>\
                </u:AddPinhole></s:Body></s:Envelope>""".formatted(client);
    }

    private static Processes.Result upnpcAddPinhole(String client) {
        return Processes.runIn(net.lanNamespace(), Duration.ofSeconds(40), "upnpc", "-6", "-m",
                net.lanHostInterface(), "-i", "-A", "2001:db8:1::2", "0", client, "8080", "TCP", "3600");
    }

    private static List<Long> bootIds(List<SsdpProbe.Datagram> ds, String nts) {
        return ds.stream().filter(d -> d.header("NTS").filter(nts::equals).isPresent())
                .map(d -> Long.parseLong(d.header("BOOTID.UPNP.ORG").orElseThrow())).toList();
    }

    private String location() {
        return "http://[" + ROUTER_LL + "]:" + description.getPort() + description.getPath();
    }

    @Test
    @Order(1)
    void linkLocalOnlyLanIsServedOnceDadCompletes() {
        String rlan0 = net.routerLanInterface();
        // five DAD probes, one a second: the address stays tentative well past the daemon's start
        NetworkNamespaces.exec(net.routerNamespace(), "sysctl", "-q", "-w",
                "net.ipv6.conf." + rlan0 + ".dad_transmits=5");
        routerIp6("addr", "flush", "dev", rlan0, "scope", "link");
        routerIp6("addr", "add", ROUTER_LL + "/64", "dev", rlan0);
        assertThat(routerIp6("addr", "show", "dev", rlan0)).as("DAD runs").contains("tentative");
        startDaemon();
        String pickedUp = "LAN interfaces changed: \\[" + rlan0 + "\\[192\\.168\\.77\\.1/24\\]\\] -> "
                + ".*fe80:0:0:0:0:0:0:1";
        assertThat(daemon.waitForLine(pickedUp, Duration.ofSeconds(20)))
                .as("link-local address picked up after DAD: " + daemon).isPresent();
        assertThat(String.join("\n", daemon.lines())).as("no bind failure on the tentative address")
                .doesNotContain("Cannot assign requested address");

        List<SsdpProbe.Datagram> answers = search6(net.lanNamespace(), net.lanHostInterface(), "ff02::c", IGD);
        assertThat(answers).as("answers to [ff02::c%lan0]:1900").isNotEmpty().allSatisfy(d -> {
            assertThat(d.startLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(d.header("LOCATION")).hasValue(location());
        });
        assertThat(listener.waitForLine("^LOCATION: " + location().replace(".", "\\.").replace("[", "\\[")
                .replace("]", "\\]") + "$", Duration.ofSeconds(5))).as("alive on ff02::c: " + listener).isPresent();
        // Picking the address up is an address change: byebye (old BOOTID) and alive with the next BOOTID.
        listener.waitForLine("^---END---$", Duration.ofSeconds(2));
        List<SsdpProbe.Datagram> v4 = SsdpProbe.parse(listener4.stdout());
        long firstBootId = bootIds(v4, "ssdp:alive").get(0);
        assertThat(bootIds(v4, "ssdp:byebye")).as("IPv4 byebye with the first BOOTID: " + listener4)
                .contains(firstBootId);
        assertThat(bootIds(SsdpProbe.parse(listener.stdout()), "ssdp:alive")).as("IPv6 alive: " + listener)
                .isNotEmpty().allSatisfy(b -> assertThat(b).isEqualTo(firstBootId + 1));

        // Python 3.11 urllib/http.client: Host: [fe80::1%lan0]:port
        assertThat(http(ROUTER_LL + "%" + net.lanHostInterface(), "-")).startsWith("200 ")
                .contains("urn:schemas-upnp-org:device:InternetGatewayDevice:2");
        // curl takes the RFC 6874 form
        Processes.Result curl = Processes.runIn(net.lanNamespace(), Duration.ofSeconds(15), "curl", "-sS", "-g",
                "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://[" + ROUTER_LL + "%25"
                        + net.lanHostInterface() + "]:" + description.getPort() + description.getPath());
        assertThat(curl.out().trim()).as(curl.toString()).isEqualTo("200");

        // Nothing from the WAN host over IPv6: neither the group nor the router's link-local address on that link.
        List<SsdpProbe.Datagram> wan = new ArrayList<>();
        wan.addAll(search6(net.wanNamespace(), net.wanHostInterface(), "ff02::c", "ssdp:all"));
        wan.addAll(search6(net.wanNamespace(), net.wanHostInterface(), ROUTER_LL, "ssdp:all"));
        assertThat(wan).as("answers seen on the WAN host").isEmpty();
    }

    @Test
    @Order(2)
    void upnpcFindsAndUsesTheGatewayOnItsLinkLocalAddress() {
        // libminiupnpc adds the zone of the interface it searched on to a link-local LOCATION ("%25lan0") and sends
        // that in Host. It calls the IGD "not connected?" only because the external address 203.0.113.1 is a reserved
        // (documentation) one; -i makes it go on.
        Processes.Result u = Processes.runIn(net.lanNamespace(), Duration.ofSeconds(40), "upnpc", "-6", "-m",
                net.lanHostInterface(), "-i", "-s");
        assertThat(u.out()).as(u.toString()).contains("desc: " + location())
                .contains("IGD : http://[" + ROUTER_LL + "%25" + net.lanHostInterface() + "]:" + description.getPort()
                        + "/ctl/IPConn")
                .contains("Status : Connected")
                .contains("ExternalIPAddress = " + net.routerWanAddress());
    }

    @Test
    @Order(3)
    void globalAddressOnTheLanIsNeverServedButItsPrefixIsLan() {
        stopDaemon();
        String rlan0 = net.routerLanInterface();
        routerIp6("addr", "add", ROUTER_GLOBAL + "/64", "dev", rlan0, "nodad");
        NetworkNamespaces.exec(net.lanNamespace(), "ip", "-6", "addr", "add", LAN_GLOBAL + "/64", "dev",
                net.lanHostInterface(), "nodad");
        startDaemon();
        assertThat(daemon.waitForLine("WARN.*" + rlan0 + ": ignoring global IPv6 address 2001:db8:77:0:0:0:0:1/64:",
                Duration.ofSeconds(5))).as(daemon.toString()).isPresent();

        List<SsdpProbe.Datagram> answers = search6(net.lanNamespace(), net.lanHostInterface(), "ff02::c", IGD);
        assertThat(answers).as("answers to [ff02::c%lan0]:1900").isNotEmpty()
                .allSatisfy(d -> assertThat(d.header("LOCATION")).hasValue(location()));
        // the LAN host's global address as the source: accepted (on-link prefix of rlan0)
        assertThat(searchFrom(LAN_GLOBAL, ROUTER_LL)).as("unicast search from " + LAN_GLOBAL).isNotEmpty()
                .allSatisfy(d -> assertThat(d.header("LOCATION")).hasValue(location()));
        String ll = ROUTER_LL + "%" + net.lanHostInterface();
        assertThat(http(ll, LAN_GLOBAL)).as("description fetched from " + LAN_GLOBAL).startsWith("200 ");
        // never bound on the global address
        assertThat(http(ROUTER_GLOBAL, "-")).as("HTTP on the global address").startsWith("FAILED");
        assertThat(searchFrom(LAN_GLOBAL, ROUTER_GLOBAL)).as("SSDP on the global address").isEmpty();

        String own = http(ll, LAN_GLOBAL, addPinhole(LAN_GLOBAL));
        assertThat(own).as("pinhole to the LAN host's own global address").startsWith("200 ").contains("UniqueID");
        String off = http(ll, LAN_GLOBAL, addPinhole("2001:db8:78::2"));
        assertThat(off).as("pinhole outside the on-link prefix").startsWith("500 ").contains("606");
        // upnpc reaches us on fe80::1 and so speaks from its own link-local address; secure mode accepts its global
        // address because the router's neighbour cache maps both to the LAN host's MAC.
        Processes.Result upnpc = upnpcAddPinhole(LAN_GLOBAL);
        assertThat(upnpc.out()).as(upnpc.toString()).containsPattern("Pinhole ID = \\d+").doesNotContain("606");
        assertThat(daemon.toString()).containsPattern(
                "2001:db8:77:0:0:0:0:2 and fe80:0:0:0:[0-9a-f:]+(%\\S+)? have the same link-layer address on " + rlan0);
        // no host has 2001:db8:77::99 (the daemon's solicitation goes unanswered); 2001:db8:77::3 is another MAC
        routerIp6("neigh", "add", OTHER_GLOBAL, "lladdr", "02:00:00:00:77:03", "dev", rlan0, "nud", "permanent");
        for (String other : List.of(NO_HOST_GLOBAL, OTHER_GLOBAL)) {
            Processes.Result refused = upnpcAddPinhole(other);
            assertThat(refused.out()).as(refused.toString()).contains("606").doesNotContain("Pinhole ID");
        }
        assertThat(routerIp6("neigh", "show", NO_HOST_GLOBAL, "dev", rlan0)).as("solicited, unanswered")
                .doesNotContain("lladdr");

        listener.waitForLine("^---END---$", Duration.ofSeconds(2));
        assertThat(listener.stdout()).as("NOTIFYs seen on the LAN").contains("NTS: ssdp:alive")
                .doesNotContain("2001:db8");
        assertThat(String.join("\n", daemon.lines())).doesNotContainPattern("(?i)listening on .*2001:db8");
    }
}
