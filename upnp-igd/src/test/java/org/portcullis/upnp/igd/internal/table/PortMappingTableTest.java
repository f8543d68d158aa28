package org.portcullis.upnp.igd.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.spi.NatBackend;
import org.portcullis.upnp.igd.spi.NatBackendException;

class PortMappingTableTest {
    private static final InetAddress HOST_A = ip("192.168.77.2");
    private static final InetAddress HOST_B = ip("192.168.77.3");

    private final FakeClock clock = new FakeClock();
    private final DropCounters counters = new DropCounters();
    private RecordingNatBackend backend;
    private PortMappingTable table;

    @BeforeEach
    void setUp() {
        backend = new RecordingNatBackend();
        table = table(MappingPolicy.secure());
    }

    private PortMappingTable table(MappingPolicy policy) {
        LanInterface lan = new LanInterface("rlan0", 2, List.of(new LanAddress(ip("192.168.77.1"), 24)));
        return new PortMappingTable(policy, new LanPolicy(List.of(lan)), backend, clock, counters);
    }

    private static MappingRequest request(String client, int ext, int internal, long lease) {
        return new MappingRequest("", ext, Protocol.TCP, internal, client, true, "test", lease);
    }

    @Test
    void addsToBackendAndTable() throws Exception {
        PortMapping m = table.add(request("192.168.77.2", 18080, 8080, 3600), HOST_A);

        assertThat(table.snapshot()).containsExactly(m);
        assertThat(backend.installed).containsExactly(m);
        assertThat(m.remainingSeconds(clock.instant())).isEqualTo(3600);
        assertThat(table.get(new PortMapping.Key("", 18080, Protocol.TCP))).contains(m);
    }

    @Test
    void secureModeRefusesAnotherClientsAddressWith718AndCountsIt() {
        assertThatThrownBy(() -> table.add(request("192.168.77.9", 18081, 8081, 0), HOST_A))
                .isInstanceOfSatisfying(UpnpException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY.code()));
        assertThat(table.size()).isZero();
        assertThat(backend.installed).isEmpty();
        assertThat(counters.get(PortMappingTable.REFUSED_FOREIGN_CLIENT)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "8.8.8.8", "10.1.2.3", "127.0.0.1"})
    void clientsOffTheServedLanAreRefusedEvenWithoutSecureMode(String client) {
        table = table(new MappingPolicy(false, true, 10, 10));
        assertThatThrownBy(() -> table.add(request(client, 18080, 8080, 0), HOST_A))
                .isInstanceOfSatisfying(UpnpException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY.code()));
        assertThat(counters.get(PortMappingTable.REFUSED_NON_LAN_CLIENT)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host.example", "192.168.077.2", "192.168.77", "192.168.77.2.1", "0x7f.0.0.1", "",
            "192.168.77.256"})
    void internalClientMustBeAStrictIpv4Literal(String client) {
        assertThatThrownBy(() -> table.add(request(client, 18080, 8080, 0), HOST_A))
                .isInstanceOfSatisfying(UpnpException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(UpnpErrorCode.INVALID_ARGS.code()));
    }

    @Test
    void wildcardExternalPortIs716AndInternalPortZeroIs402() {
        assertThatThrownBy(() -> table.add(request("192.168.77.2", 0, 8080, 0), HOST_A))
                .isInstanceOfSatisfying(UpnpException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(UpnpErrorCode.WILDCARD_NOT_PERMITTED_IN_EXT_PORT.code()));
        assertThatThrownBy(() -> table.add(request("192.168.77.2", 18080, 0, 0), HOST_A))
                .isInstanceOfSatisfying(UpnpException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(UpnpErrorCode.INVALID_ARGS.code()));
    }

    @Test
    void privilegedPortsAreRefusedByDefaultAndAllowedByPolicy() throws Exception {
        assertThatThrownBy(() -> table.add(request("192.168.77.2", 80, 8080, 0), HOST_A))
                .isInstanceOf(UpnpException.class);
        assertThatThrownBy(() -> table.add(request("192.168.77.2", 18080, 22, 0), HOST_A))
                .isInstanceOf(UpnpException.class);
        assertThat(counters.get(PortMappingTable.REFUSED_PRIVILEGED_PORT)).isEqualTo(2);

        table = table(new MappingPolicy(true, true, 10, 10));
        assertThat(table.add(request("192.168.77.2", 80, 8080, 0), HOST_A).externalPort()).isEqualTo(80);
    }

    @Test
    void sameClientMayOverwriteItsMappingAnotherClientGets718() throws Exception {
        table.add(request("192.168.77.2", 18080, 8080, 60), HOST_A);
        PortMapping renewed = table.add(request("192.168.77.2", 18080, 9090, 120), HOST_A);
        assertThat(table.snapshot()).containsExactly(renewed);
        assertThat(renewed.internalPort()).isEqualTo(9090);

        assertThatThrownBy(() -> table.add(request("192.168.77.3", 18080, 8080, 60), HOST_B))
                .isInstanceOfSatisfying(UpnpException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY.code()));
        assertThat(table.snapshot()).containsExactly(renewed);
    }

    @Test
    void leaseZeroIsStaticUnderIgd1AndTheMaximumUnderIgd2AndLongLeasesAreCapped() throws Exception {
        PortMapping zero = table.add(request("192.168.77.2", 18080, 8080, 0), HOST_A);
        PortMapping zero2 = table.add(request("192.168.77.2", 18082, 8080, 0), HOST_A, Dialect.IGD2);
        PortMapping huge = table.add(request("192.168.77.2", 18081, 8080, 4_000_000_000L), HOST_A);
        assertThat(zero.isPermanent()).isTrue();
        assertThat(zero.remainingSeconds(clock.instant())).isZero();
        clock.advance(Duration.ofDays(3650));
        assertThat(table.expire()).isEqualTo(2);
        assertThat(table.snapshot()).containsExactly(zero);
        clock.advance(Duration.ofDays(-3650));
        assertThat(zero2.remainingSeconds(clock.instant())).isEqualTo(PortMappingTable.MAX_LEASE_SECONDS);
        assertThat(huge.remainingSeconds(clock.instant())).isEqualTo(PortMappingTable.MAX_LEASE_SECONDS);
    }

    @Test
    void expiryRemovesFromTableAndBackendOnTime() throws Exception {
        table.add(request("192.168.77.2", 18080, 8080, 5), HOST_A);
        table.add(request("192.168.77.2", 18081, 8081, 50), HOST_A);
        clock.advance(Duration.ofSeconds(4));
        assertThat(table.expire()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(table.expire()).isEqualTo(1);
        assertThat(table.snapshot()).extracting(PortMapping::externalPort).containsExactly(18081);
        assertThat(backend.installed).extracting(PortMapping::externalPort).containsExactly(18081);
    }

    @Test
    void deleteOfMissingOrForeignMappingIs714() throws Exception {
        table.add(request("192.168.77.2", 18080, 8080, 0), HOST_A);
        PortMapping.Key key = new PortMapping.Key("", 18080, Protocol.TCP);

        assertThatThrownBy(() -> table.delete(new PortMapping.Key("", 18081, Protocol.TCP), HOST_A))
                .isInstanceOfSatisfying(UpnpException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(UpnpErrorCode.NO_SUCH_ENTRY_IN_ARRAY.code()));
        assertThatThrownBy(() -> table.delete(key, HOST_B))
                .isInstanceOfSatisfying(UpnpException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(UpnpErrorCode.NO_SUCH_ENTRY_IN_ARRAY.code()));
        assertThat(counters.get(PortMappingTable.REFUSED_FOREIGN_DELETE)).isEqualTo(1);

        table.delete(key, HOST_A);
        assertThat(table.size()).isZero();
        assertThat(backend.installed).isEmpty();
    }

    @Test
    void genericIndexesAreContiguousAndOutOfRangeIs713() throws Exception {
        table.add(request("192.168.77.2", 18082, 8080, 0), HOST_A);
        table.add(request("192.168.77.2", 18080, 8080, 0), HOST_A);
        assertThat(table.atIndex(0).externalPort()).isEqualTo(18080);
        assertThat(table.atIndex(1).externalPort()).isEqualTo(18082);
        assertThatThrownBy(() -> table.atIndex(2))
                .isInstanceOfSatisfying(UpnpException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(UpnpErrorCode.SPECIFIED_ARRAY_INDEX_INVALID.code()));
        table.delete(new PortMapping.Key("", 18080, Protocol.TCP), HOST_A);
        assertThat(table.atIndex(0).externalPort()).isEqualTo(18082);
    }

    @Test
    void capsPerClientAndInTotal() throws Exception {
        table = table(new MappingPolicy(false, false, 2, 3));
        table.add(request("192.168.77.2", 20000, 8080, 0), HOST_A);
        table.add(request("192.168.77.2", 20001, 8080, 0), HOST_A);
        assertThatThrownBy(() -> table.add(request("192.168.77.2", 20002, 8080, 0), HOST_A))
                .isInstanceOfSatisfying(UpnpException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(UpnpErrorCode.NO_PORT_MAPS_AVAILABLE.code()));
        table.add(request("192.168.77.3", 20003, 8080, 0), HOST_B);
        assertThatThrownBy(() -> table.add(request("192.168.77.4", 20004, 8080, 0), HOST_B))
                .isInstanceOf(UpnpException.class);
        assertThat(counters.get(PortMappingTable.REFUSED_CAP)).isEqualTo(2);
        // Renewing an existing mapping is not a new one and is never capped.
        table.add(request("192.168.77.2", 20000, 8080, 60), HOST_A);
    }

    @Test
    void backendFailureLeavesTheTableUnchangedAnd501() throws Exception {
        backend.failNext = true;
        assertThatThrownBy(() -> table.add(request("192.168.77.2", 18080, 8080, 0), HOST_A))
                .isInstanceOfSatisfying(UpnpException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(UpnpErrorCode.ACTION_FAILED.code()));
        assertThat(table.size()).isZero();

        table.add(request("192.168.77.2", 18080, 8080, 0), HOST_A);
        backend.failNext = true;
        assertThatThrownBy(() -> table.delete(new PortMapping.Key("", 18080, Protocol.TCP), HOST_A))
                .isInstanceOf(UpnpException.class);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void remoteHostIsPartOfTheKeyAndNeverResolved() throws Exception {
        table.add(new MappingRequest("198.51.100.7", 18080, Protocol.UDP, 8080, "192.168.77.2", true, "", 0),
                HOST_A);
        table.add(new MappingRequest("", 18080, Protocol.UDP, 8080, "192.168.77.2", true, "", 0), HOST_A);
        assertThat(table.size()).isEqualTo(2);
        assertThatThrownBy(() -> table.add(
                        new MappingRequest("localhost", 18081, Protocol.UDP, 8080, "192.168.77.2", true, "", 0),
                        HOST_A))
                .isInstanceOfSatisfying(UpnpException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(UpnpErrorCode.INVALID_ARGS.code()));
    }

    @Test
    void afterTheLanMovesClientsAreCheckedAgainstTheNewSubnet() throws Exception {
        LanInterface moved = new LanInterface("rlan0", 2, List.of(new LanAddress(ip("192.168.78.1"), 24)));
        table.followLan(new LanPolicy(List.of(moved)));
        assertThatThrownBy(() -> table.add(request("192.168.77.2", 18080, 8080, 0), HOST_A))
                .isInstanceOf(UpnpException.class);
        InetAddress movedHost = ip("192.168.78.2");
        assertThat(table.add(request("192.168.78.2", 18080, 8080, 0), movedHost).internalClient())
                .isEqualTo(movedHost);
    }

    @Test
    void changeListenersRunAfterEveryChange() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        table.onChange(() -> sizes.add(table.size()));
        table.add(request("192.168.77.2", 18080, 8080, 1), HOST_A);
        clock.advance(Duration.ofSeconds(2));
        table.expire();
        assertThat(sizes).containsExactly(1, 0);
    }

    private static InetAddress ip(String literal) {
        return PortMappingTable.parseIpv4(literal).orElseThrow();
    }
}
