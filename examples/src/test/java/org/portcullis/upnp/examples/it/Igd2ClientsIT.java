package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * IGD:2 with real clients, and the policy as they see it. The daemon runs with the default {@code --igd-version
 * auto} and a deny rule; libminiupnpc (which searches for IGD:1) finds it through the version rule, reads the IGD:2
 * description and uses WANIPConnection:2 ({@code upnpc -L} is GetListOfPortMappings); the Python binding maps and
 * sees the 606 refusals; a Microsoft user agent gets the IGD:1 description of the same device.
 */
@Tag("netns")
@Tag("peer")
@Timeout(100)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Igd2ClientsIT {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);

    private static ThreeHostTopology net;
    private static Processes.Background daemon;
    private static URI description;

    @BeforeAll
    static void start() {
        ThreeHostTopology.assumeAvailable();
        Prerequisites.requireExecutable("upnpc");
        Prerequisites.requirePythonModule("miniupnpc");
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        daemon = DaemonProcess.startIn(net.routerNamespace(), "--lan", net.routerLanInterface(), "--wan",
                net.routerWanInterface(), "--http-port", "0",
                "--deny", "20000-20099 0.0.0.0/0 1-65535",
                "--allow", "1024-65535 192.168.77.0/24 1024-65535");
        description = DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    @AfterAll
    static void cleanUp() {
        DaemonProcess.stopAndRemove(daemon, net);
    }

    /** upnpc discovering the gateway by SSDP on the LAN host's interface, as an application would. */
    private static Processes.Result upnpc(String... args) {
        return DaemonProcess.lanUpnpc(net, PEER_TIMEOUT, args);
    }

    private static Processes.Result python(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        cmd.addAll(List.of(args));
        return Processes.runIn(net.lanNamespace(), PEER_TIMEOUT, cmd);
    }

    @Test
    @Order(1)
    void upnpcFindsTheIgd2DeviceAndListsWithGetListOfPortMappings() {
        Processes.Result add = upnpc("-a", net.lanHostAddress(), "8085", "18085", "TCP", "3600");
        assertThat(add.out()).as(add.toString()).contains("is redirected to internal").doesNotContain("failed");
        Processes.Result list = upnpc("-L");
        // upnpc -L sends GetListOfPortMappings with the service type read from the description (an IGD:1
        // service would answer 401) and parses the CDATA PortMappingList; it ends with 730 for the empty UDP list.
        assertThat(list.out()).as(list.toString())
                .contains("st: urn:schemas-upnp-org:device:InternetGatewayDevice:1")
                .containsPattern("0 TCP 18085->192\\.168\\.77\\.2:8085\\s+'libminiupnpc' '' 3[0-9]{3}")
                .doesNotContain("returned 401");
        Processes.Result del = upnpc("-d", "18085", "TCP");
        assertThat(del.out()).as(del.toString()).containsPattern("UPNP_DeletePortMapping\\(\\) returned\\s*:\\s*0");
    }

    @Test
    @Order(2)
    void policyRefusalsReachUpnpcAs606() {
        Processes.Result foreign = upnpc("-a", "192.168.77.9", "8081", "18081", "TCP");
        assertThat(foreign.out()).as(foreign.toString()).contains("failed with code 606");
        Processes.Result privileged = upnpc("-a", net.lanHostAddress(), "80", "80", "TCP");
        assertThat(privileged.out()).as(privileged.toString()).contains("failed with code 606");
        Processes.Result denied = upnpc("-a", net.lanHostAddress(), "8082", "20050", "TCP");
        assertThat(denied.out()).as(denied.toString()).contains("failed with code 606");
        Processes.Result offLan = upnpc("-a", "8.8.8.8", "8083", "18083", "TCP");
        assertThat(offLan.out()).as(offLan.toString()).contains("failed with code 606");
        assertThat(upnpc("-l").out()).doesNotContain("18081->").doesNotContain("20050->").doesNotContain("18083->");
    }

    @Test
    @Order(3)
    void pythonBindingMapsAndSeesRefusals() {
        Processes.Result r = python("""
                import miniupnpc
                u = miniupnpc.UPnP(multicastif='lan0', discoverdelay=2000)
                print('discovered', u.discover())
                print('control', u.selectigd())
                print('added', u.addportmapping(18095, 'UDP', u.lanaddr, 8095, 'py-igd2', '', 120))
                print('specific', u.getspecificportmapping(18095, 'UDP'))
                try:
                    u.addportmapping(20010, 'UDP', u.lanaddr, 8096, 'denied', '')
                    print('denied-added')
                except Exception as e:
                    print('refused', e)
                print('deleted', u.deleteportmapping(18095, 'UDP'))
                """);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.out()).as(r.toString())
                .contains("added True")
                .containsPattern("specific \\('192\\.168\\.77\\.2', 8095, 'py-igd2', True, 1[01][0-9]\\)")
                .contains("refused Action not authorized")
                .doesNotContain("denied-added")
                .contains("deleted True");
    }

    @Test
    @Order(4)
    void microsoftUserAgentsGetTheIgd1Description() {
        Processes.Result r = python("""
                import sys, urllib.request
                for agent in ['Microsoft-Windows/10.0 UPnP/1.0', 'Python-urllib']:
                    req = urllib.request.Request(sys.argv[1], headers={'User-Agent': agent})
                    with urllib.request.urlopen(req, timeout=10) as resp:
                        body = resp.read().decode()
                        print(agent, 'IGD1' if 'InternetGatewayDevice:1' in body else '',
                              'IGD2' if 'InternetGatewayDevice:2' in body else '')
                """, description.toString());
        assertThat(r.out()).as(r.toString()).contains("Microsoft-Windows/10.0 UPnP/1.0 IGD1 \n")
                .contains("Python-urllib  IGD2");
    }

    @Test
    @Order(5)
    void anUnusableStateDirectoryStopsTheStartWithExit2() throws Exception {
        Path file = Files.createTempFile("portcullis-state", ".not-a-dir");
        try {
            Processes.Result r = DaemonProcess.run("--demo", "--state-dir", file.toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("state directory").contains(file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
