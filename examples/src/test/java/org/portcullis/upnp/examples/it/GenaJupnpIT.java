package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
    private static GenaScripts.Gateway gateway;
    private static Processes.Background probe;

    @BeforeAll
    static void start() {
        gateway = GenaScripts.Gateway.start();
    }

    @AfterAll
    static void cleanUp() {
        try {
            if (probe != null) {
                probe.destroy(Duration.ofSeconds(5));
                System.out.println("jUPnP probe output:\n" + probe);
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    @Test
    void jupnpGetsTheInitialEventAndAnEventAfterUpnpcAddsAMapping() {
        ThreeHostTopology net = gateway.net();
        probe = Processes.startIn(net.lanNamespace(), Processes.javaExecutable(), "-Xmx256m",
                "-Dorg.jupnp.network.useInterfaces=" + ThreeHostTopology.LAN_HOST_IF,
                "-cp", System.getProperty("java.class.path"), GenaJupnpProbe.class.getName(), "80");
        assertThat(probe.waitForLine("^ESTABLISHED uuid:", Duration.ofSeconds(45))).as(probe.toString()).isPresent();
        assertThat(probe.waitForLine("^EVENT seq=0 .*ConnectionStatus=Connected.*ExternalIPAddress="
                + net.routerWanAddress().replace(".", "\\.") + ".*PortMappingNumberOfEntries=0",
                Duration.ofSeconds(15))).as(probe.toString()).isPresent();

        Processes.Result add = gateway.lanUpnpc("-a", net.lanHostAddress(), "8080", "18080", "TCP");
        assertThat(add.out()).as(add.toString()).contains("is redirected to internal");
        assertThat(probe.waitForLine("^EVENT seq=[1-9]\\d* .*PortMappingNumberOfEntries=1\\b", Duration.ofSeconds(15)))
                .as(probe.toString()).isPresent();
        assertThat(probe.stdout()).doesNotContain("FAILED").doesNotContain("MISSED");
    }
}
