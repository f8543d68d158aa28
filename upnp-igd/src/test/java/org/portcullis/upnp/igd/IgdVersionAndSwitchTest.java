package org.portcullis.upnp.igd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;

/** IgdVersion.V1, the runtime switch and the state directory through the whole IGD on loopback. */
class IgdVersionAndSwitchTest {
    private static final String V1 = "urn:schemas-upnp-org:service:WANIPConnection:1";
    private static final String V2 = "urn:schemas-upnp-org:service:WANIPConnection:2";

    @TempDir
    Path state;

    private static IgdConfig.Builder config() throws Exception {
        LanInterface lo = new LanInterface("lo", 1, List.of(new LanAddress(InetAddress.getLoopbackAddress(), 8)));
        Inet4Address external = (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
        return IgdConfig.builder().lanInterface(lo).ssdpEnabled(false).httpPort(0)
                .externalAddress(() -> Optional.of(external));
    }

    @Test
    void version1ServesOnlyTheIgd1TreeAndRefusesV2Soapactions() throws Exception {
        try (Igd igd = Igd.start(config().igdVersion(IgdVersion.V1).build())) {
            String base = "http://127.0.0.1:" + igd.httpPort();
            assertThat(get(base + "/rootDesc.xml")).contains("InternetGatewayDevice:1").doesNotContain(":2<");
            assertThat(get(base + "/WANIPCn.xml")).doesNotContain("AddAnyPortMapping");
            assertThat(post(base, V2, "GetExternalIPAddress", "").body()).contains("<errorCode>401</errorCode>");
        }
    }

    @Test
    void switchingUpnpOffRefusesEveryMappingActionAndRemovesMappings() throws Exception {
        try (Igd igd = Igd.start(config().build())) {
            String base = "http://127.0.0.1:" + igd.httpPort();
            assertThat(post(base, V2, "AddPortMapping", add(18080)).statusCode()).isEqualTo(200);
            igd.setUpnpEnabled(false);
            assertThat(igd.upnpEnabled()).isFalse();
            assertThat(igd.mappings()).isEmpty();
            assertThat(post(base, V2, "AddPortMapping", add(18080)).body()).contains("<errorCode>606</errorCode>");
            assertThat(post(base, V1, "AddPortMapping", add(18080)).body()).contains("<errorCode>501</errorCode>");
            assertThat(post(base, V2, "GetGenericPortMappingEntry", "<NewPortMappingIndex>0</NewPortMappingIndex>")
                    .body()).contains("<errorCode>606</errorCode>");
            assertThat(igd.counters()).containsKey("igd.refused.upnp-disabled");
            igd.setUpnpEnabled(true);
            assertThat(post(base, V2, "AddPortMapping", add(18080)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void acknowledgedMappingsSurviveARestartWithTheirRemainingLease() throws Exception {
        Igd first = Igd.start(config().stateDirectory(state).build());
        String base = "http://127.0.0.1:" + first.httpPort();
        assertThat(post(base, V2, "AddPortMapping", add(18081)).statusCode()).isEqualTo(200);
        // No close(): like kill -9, nothing is flushed or removed beyond what the action already synced.
        try (Igd second = Igd.start(config().stateDirectory(state).build())) {
            assertThat(second.mappings()).singleElement().satisfies(m -> {
                assertThat(m.externalPort()).isEqualTo(18081);
                assertThat(m.remainingSeconds(java.time.Instant.now())).isBetween(3500L, 3600L);
            });
        } finally {
            first.close();
        }
    }

    @Test
    void journaledPinholesComeBackIntoTheBackendButNotUnderIgd1Only() throws Exception {
        java.time.Instant end = java.time.Instant.now().plusSeconds(600);
        try (var j = org.portcullis.upnp.igd.internal.journal.MappingJournal.open(state).journal()) {
            j.appendPinhole(new org.portcullis.upnp.igd.internal.pinhole.Pinhole(4, "", 0,
                    (java.net.Inet6Address) InetAddress.getByName("fd77::2"), 8080, 6, end));
        }
        org.portcullis.upnp.igd.spi.NatBackend restored = org.portcullis.upnp.igd.spi.NatBackend.inMemory();
        try (Igd igd = Igd.start(config().stateDirectory(state).natBackend(restored).build())) {
            assertThat(restored.installedPinholes()).extracting(PinholeRule::id).containsExactly(4);
        }
        org.portcullis.upnp.igd.spi.NatBackend v1 = org.portcullis.upnp.igd.spi.NatBackend.inMemory();
        try (Igd igd = Igd.start(config().stateDirectory(state).natBackend(v1).igdVersion(IgdVersion.V1).build())) {
            assertThat(v1.installedPinholes()).isEmpty();
        }
        org.portcullis.upnp.igd.spi.NatBackend again = org.portcullis.upnp.igd.spi.NatBackend.inMemory();
        try (Igd igd = Igd.start(config().stateDirectory(state).natBackend(again).build())) {
            assertThat(again.installedPinholes()).as("dropped for good by the IGD:1-only start").isEmpty();
        }
    }

    @Test
    void anUnusableStateDirectoryStopsTheStart() throws Exception {
        Path file = Files.writeString(state.resolve("file"), "x");
        assertThatThrownBy(() -> Igd.start(config().stateDirectory(file).build()))
                .isInstanceOf(IgdStateException.class).hasMessageContaining(file.toString());
    }

    private static String add(int port) {
        return "<NewRemoteHost></NewRemoteHost><NewExternalPort>" + port + "</NewExternalPort>"
                + "<NewProtocol>TCP</NewProtocol><NewInternalPort>8080</NewInternalPort>"
                + "<NewInternalClient>127.0.0.1</NewInternalClient><NewEnabled>1</NewEnabled>"
                + "<NewPortMappingDescription>t</NewPortMappingDescription><NewLeaseDuration>3600</NewLeaseDuration>";
    }

    private static String get(String url) throws Exception {
        return LoopbackHttp.get(url, null).body();
    }

    private static HttpResponse<String> post(String base, String service, String action, String args)
            throws Exception {
        return LoopbackHttp.soap(base + "/ctl/IPConn", service, action, args);
    }
}
