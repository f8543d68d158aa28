package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * jUPnP 3.0.4 (an independent Java control point, test scope only) subscribes to the daemon's WANIPConnection from the
 * LAN namespace: it must receive the initial event (SEQ 0, every evented variable) and, after {@code upnpc -a}, an
 * event with {@code PortMappingNumberOfEntries=1}. jUPnP runs as its own JVM ({@link GenaJupnpProbe}) under
 * {@code ip netns exec}, because a JVM cannot move itself into a namespace.
 */
@Tag("netns")
@Tag("peer")
@Timeout(120)
class GenaJupnpIT {
    private static ThreeHostTopology net;
    private static Processes.Background daemon;
    private static Processes.Background probe;

    @BeforeAll
    static void start() {
        ThreeHostTopology.assumeAvailable();
        Prerequisites.requireExecutable("upnpc");
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        daemon = DaemonProcess.startIn(net.routerNamespace(),
                "--lan", net.routerLanInterface(), "--wan", net.routerWanInterface(), "--http-port", "0");
        DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    @AfterAll
    static void cleanUp() {
        try {
            if (probe != null) {
                probe.destroy(Duration.ofSeconds(5));
                System.out.println("jUPnP probe output:\n" + probe);
            }
            if (daemon != null) {
                daemon.destroy(Duration.ofSeconds(10));
                System.out.println("daemon output:\n" + daemon);
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }

    @Test
    void jupnpGetsTheInitialEventAndAnEventAfterUpnpcAddsAMapping() {
        probe = Processes.startIn(net.lanNamespace(), Processes.javaExecutable(), "-Xmx256m",
                "-Dorg.jupnp.network.useInterfaces=" + ThreeHostTopology.LAN_HOST_IF,
                "-cp", System.getProperty("java.class.path"), GenaJupnpProbe.class.getName(), "80");
        assertThat(probe.waitForLine("^ESTABLISHED uuid:", Duration.ofSeconds(45))).as(probe.toString()).isPresent();
        assertThat(probe.waitForLine("^EVENT seq=0 .*ConnectionStatus=Connected.*ExternalIPAddress="
                + net.routerWanAddress().replace(".", "\\.") + ".*PortMappingNumberOfEntries=0",
                Duration.ofSeconds(15))).as(probe.toString()).isPresent();

        Processes.Result add = Processes.runIn(net.lanNamespace(), Duration.ofSeconds(45), "upnpc", "-m",
                ThreeHostTopology.LAN_HOST_IF, "-i", "-a", net.lanHostAddress(), "8080", "18080", "TCP");
        assertThat(add.out()).as(add.toString()).contains("is redirected to internal");
        assertThat(probe.waitForLine("^EVENT seq=[1-9]\\d* .*PortMappingNumberOfEntries=1\\b", Duration.ofSeconds(15)))
                .as(probe.toString()).isPresent();
        assertThat(probe.stdout()).doesNotContain("FAILED").doesNotContain("MISSED");
    }
}
