package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * The IGD client ({@link GatewayClientMiniupnpdIT.Probe}, its own JVM in the LAN namespace) against the Portcullis
 * daemon as the gateway in the router namespace.
 */
@Tag("netns")
@Timeout(110)
class GatewayClientPortcullisIT {
    private static ThreeHostTopology net;
    private static Processes.Background daemon;
    private static URI description;

    @BeforeAll
    static void start() {
        ThreeHostTopology.assumeAvailable();
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        daemon = DaemonProcess.startIn(net.routerNamespace(),
                "--lan", net.routerLanInterface(), "--wan", net.routerWanInterface(), "--http-port", "0");
        description = DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    @AfterAll
    static void stop() {
        try {
            if (daemon != null) {
                daemon.destroy(Duration.ofSeconds(10));
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }

    @Test
    void discoverAddListDeleteAgainstPortcullis() {
        Processes.Result r = GatewayClientMiniupnpdIT.Probe.runIn(net.lanNamespace(), net.lanHostInterface(),
                net.lanHostAddress());
        String out = r.out();
        System.out.println("client probe against Portcullis:\n" + out);
        assertThat(r.ok()).as(r + "\ndaemon:\n" + daemon).isTrue();
        String host = "http://" + description.getHost() + ":" + description.getPort() + "/";
        assertThat(out).as(r.toString())
                .containsPattern("GATEWAY urn:schemas-upnp-org:service:WANIPConnection:\\d " + host.replace(".", "\\.")
                        + "\\S+ igd2=(true|false)")
                .contains("EXTERNAL ok " + net.routerWanAddress())
                .contains("ADD ok")
                .containsPattern("LIST TCP 18080 192\\.168\\.77\\.2 8080 pc-it \\d+")
                .containsPattern("OTHERHOST ERROR FAULT (718|606)")
                .contains("DELETE ok")
                .contains("AFTER done")
                .doesNotContain("AFTER TCP 18080");
        if (out.contains("igd2=true")) {
            assertThat(out).containsPattern("ADDANY ok \\d+").contains("DELETEANY ok");
        }
    }
}
