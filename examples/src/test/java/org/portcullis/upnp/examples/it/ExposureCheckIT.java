package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * The exposure checker run from the WAN host against the router's WAN address: miniupnpd listening on its WAN
 * interface (exposed, exit 1, version reported), miniupnpd listening on the LAN only (exit 0), and the Portcullis
 * daemon (exit 0). One topology; the gateways run one after the other.
 */
@Tag("netns")
@Tag("peer")
@Timeout(110)
class ExposureCheckIT {
    private static ThreeHostTopology net;

    @BeforeAll
    static void start() {
        ThreeHostTopology.assumeAvailable();
        GatewayClientMiniupnpdIT.Miniupnpd.requireInstalled();
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static Processes.Result check() {
        return Processes.runIn(net.wanNamespace(), Duration.ofSeconds(40), List.of(Processes.javaExecutable(),
                "-Xmx128m", "-Xshare:off", "-cp", DaemonProcess.jar().toString(),
                "org.portcullis.upnp.examples.exposure.ExposureCheck", net.routerWanAddress(), "--timeout", "2"));
    }

    @Test
    void miniupnpdListeningOnTheWanIsExposed() {
        try (GatewayClientMiniupnpdIT.Miniupnpd m = GatewayClientMiniupnpdIT.Miniupnpd.start(net,
                net.routerWanInterface())) {
            Processes.Result r = check();
            System.out.println("exposure check against miniupnpd on the WAN:\n" + r.out());
            assertThat(r.exitCode()).as(r + "\nminiupnpd:\n" + m.output()).isEqualTo(1);
            assertThat(r.out())
                    .containsPattern("ssdp: [1-9]\\d* answer\\(s\\) to [23] M-SEARCH datagram")
                    .contains("SERVER=Debian/")
                    .contains("MiniUPnPd/2.3.1")
                    .contains("description: http://" + net.routerWanAddress() + ":" + m.httpPort() + "/rootDesc.xml")
                    .contains("friendlyName=Debian router")
                    .contains("soap: GetExternalIPAddress answered "
                            + GatewayClientMiniupnpdIT.Miniupnpd.EXTERNAL_ADDRESS)
                    .contains("product: MiniUPnPd 2.3.1")
                    .contains("known vulnerable versions: none recognised")
                    .contains("verdict: EXPOSED");
        }
    }

    @Test
    void miniupnpdListeningOnTheLanIsNotExposed() {
        try (GatewayClientMiniupnpdIT.Miniupnpd m = GatewayClientMiniupnpdIT.Miniupnpd.start(net,
                net.routerLanInterface())) {
            Processes.Result r = check();
            System.out.println("exposure check against miniupnpd on the LAN:\n" + r.out());
            assertThat(r.exitCode()).as(r + "\nminiupnpd:\n" + m.output()).isEqualTo(0);
            assertThat(r.out()).contains("ssdp: 0 answer(s) to 3 M-SEARCH datagram(s)")
                    .contains("verdict: NOT EXPOSED");
        }
    }

    @Test
    void portcullisIsNotExposed() {
        try (Processes.Background daemon = DaemonProcess.startIn(net.routerNamespace(),
                "--lan", net.routerLanInterface(), "--wan", net.routerWanInterface(), "--http-port", "0")) {
            DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
            Processes.Result r = check();
            System.out.println("exposure check against Portcullis:\n" + r.out());
            assertThat(r.exitCode()).as(r + "\ndaemon:\n" + daemon).isEqualTo(0);
            assertThat(r.out()).contains("ssdp: 0 answer(s) to 3 M-SEARCH datagram(s)")
                    .contains("verdict: NOT EXPOSED");
        }
    }

    @Test
    void badTargetIsAnError() {
        Processes.Result r = Processes.runIn(net.wanNamespace(), Duration.ofSeconds(40), List.of(
                Processes.javaExecutable(), "-Xmx128m", "-Xshare:off", "-cp", DaemonProcess.jar().toString(),
                "org.portcullis.upnp.examples.exposure.ExposureCheck", "gateway.example"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    }
}
