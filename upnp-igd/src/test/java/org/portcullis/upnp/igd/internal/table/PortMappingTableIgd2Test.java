package org.portcullis.upnp.igd.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.PermissionRule;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.internal.journal.MappingJournal;

/** IGD:2 semantics, the permission rules, the runtime switch, and table/journal/backend consistency. */
class PortMappingTableIgd2Test {
    private static final InetAddress HOST_A = ip("192.168.77.2");
    private static final InetAddress HOST_B = ip("192.168.77.3");

    @TempDir
    Path state;

    private final FakeClock clock = new FakeClock();
    private final DropCounters counters = new DropCounters();
    private final RecordingNatBackend backend = new RecordingNatBackend();
    private MappingJournal journal;
    private PortMappingTable table;

    @BeforeEach
    void setUp() throws IOException {
        journal = MappingJournal.open(state).journal();
        table = table(MappingPolicy.secure());
    }

    @AfterEach
    void tearDown() throws IOException {
        journal.close();
    }

    private PortMappingTable table(MappingPolicy policy) {
        LanInterface lan = new LanInterface("rlan0", 2, List.of(new LanAddress(ip("192.168.77.1"), 24)));
        return new PortMappingTable(policy, new LanPolicy(List.of(lan)), backend, clock, counters, journal);
    }

    private static MappingRequest request(String client, int ext, int internal, long lease) {
        return new MappingRequest("", ext, Protocol.TCP, internal, client, true, "test", lease);
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, UpnpErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(UpnpException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code.code()));
    }

    @Test
    void policyRefusalsAre606UnderIgd2And718UnderIgd1() {
        assertCode(() -> table.add(request("192.168.77.9", 18081, 8081, 60), HOST_A, Dialect.IGD2),
                UpnpErrorCode.ACTION_NOT_AUTHORIZED);
        assertCode(() -> table.add(request("192.168.77.2", 80, 8081, 60), HOST_A, Dialect.IGD2),
                UpnpErrorCode.ACTION_NOT_AUTHORIZED);
        assertCode(() -> table.add(request("8.8.8.8", 18081, 8081, 60), HOST_A, Dialect.IGD2),
                UpnpErrorCode.ACTION_NOT_AUTHORIZED);
        assertCode(() -> table.add(request("192.168.77.9", 18081, 8081, 60), HOST_A, Dialect.IGD1),
                UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY);
        assertThat(counters.get(PortMappingTable.REFUSED_FOREIGN_CLIENT)).isEqualTo(2);
        assertThat(counters.get(PortMappingTable.REFUSED_PRIVILEGED_PORT)).isEqualTo(1);
        assertThat(counters.get(PortMappingTable.REFUSED_NON_LAN_CLIENT)).isEqualTo(1);
    }

    @Test
    void wildcardsAre716And732And715UnderIgd2() {
        assertCode(() -> table.add(request("192.168.77.2", 0, 8081, 60), HOST_A, Dialect.IGD2),
                UpnpErrorCode.WILDCARD_NOT_PERMITTED_IN_EXT_PORT);
        assertCode(() -> table.add(request("192.168.77.2", 18080, 0, 60), HOST_A, Dialect.IGD2),
                UpnpErrorCode.WILDCARD_NOT_PERMITTED_IN_INT_PORT);
        assertCode(() -> table.add(request("", 18080, 8080, 60), HOST_A, Dialect.IGD2),
                UpnpErrorCode.WILDCARD_NOT_PERMITTED_IN_SRC_IP);
        assertCode(() -> table.add(request("192.168.77.2", 18080, 0, 60), HOST_A, Dialect.IGD1),
                UpnpErrorCode.INVALID_ARGS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"224.0.0.1", "0.0.0.0", "127.0.0.1", "255.255.255.255"})
    void remoteHostsThatCannotBeAPeerAreRefused(String remote) {
        MappingRequest r = new MappingRequest(remote, 18080, Protocol.UDP, 8080, "192.168.77.2", true, "", 60);
        assertCode(() -> table.add(r, HOST_A, Dialect.IGD2), UpnpErrorCode.ACTION_NOT_AUTHORIZED);
        assertThat(counters.get(PortMappingTable.REFUSED_BAD_REMOTE_HOST)).isEqualTo(1);
    }

    @Test
    void deleteOfAnotherClientsMappingIs606UnderIgd2() throws Exception {
        table.add(request("192.168.77.2", 18080, 8080, 60), HOST_A, Dialect.IGD2);
        PortMapping.Key key = new PortMapping.Key("", 18080, Protocol.TCP);
        assertCode(() -> table.delete(key, HOST_B, Dialect.IGD2), UpnpErrorCode.ACTION_NOT_AUTHORIZED);
        assertCode(() -> table.delete(key, HOST_B, Dialect.IGD1), UpnpErrorCode.NO_SUCH_ENTRY_IN_ARRAY);
        table.delete(key, HOST_A, Dialect.IGD2);
        assertThat(table.size()).isZero();
    }

    @Test
    void addAnyTakesTheWantedPortOrTheNearestFreeOne() throws Exception {
        table.add(request("192.168.77.3", 20000, 8080, 60), HOST_B, Dialect.IGD2);
        assertThat(table.addAny(request("192.168.77.2", 20001, 8080, 60), HOST_A).externalPort()).isEqualTo(20001);
        assertThat(table.addAny(request("192.168.77.2", 20000, 8080, 60), HOST_A).externalPort()).isEqualTo(19999);
        // The same client asking again for its own port overwrites it.
        assertThat(table.addAny(request("192.168.77.2", 20001, 9090, 60), HOST_A).internalPort()).isEqualTo(9090);
        assertThat(table.addAny(request("192.168.77.2", 0, 8080, 60), HOST_A).externalPort()).isEqualTo(1024);
        assertThat(table.size()).isEqualTo(4);
    }

    @Test
    void addAnyStaysInsidePermissionRulesAndReports728WhenNothingIsLeft() throws Exception {
        table = table(MappingPolicy.secure().withRules(List.of(
                PermissionRule.parse("allow 30000-30001 192.168.77.0/24 1024-65535"))));
        table.add(request("192.168.77.3", 30000, 8080, 60), HOST_B, Dialect.IGD2);
        assertThat(table.addAny(request("192.168.77.2", 30000, 8080, 60), HOST_A).externalPort()).isEqualTo(30001);
        assertCode(() -> table.addAny(request("192.168.77.2", 30000, 8081, 60), HOST_A),
                UpnpErrorCode.NO_PORT_MAPS_AVAILABLE);
    }

    @Test
    void permissionRulesFirstMatchDecidesAndNoMatchRefuses() throws Exception {
        table = table(MappingPolicy.secure().withRules(List.of(
                PermissionRule.parse("deny 1024-65535 192.168.77.3/32 1024-65535"),
                PermissionRule.parse("allow 20000-29999 192.168.77.0/24 1024-65535"))));
        table.add(request("192.168.77.2", 20000, 8080, 60), HOST_A, Dialect.IGD2);
        assertCode(() -> table.add(request("192.168.77.3", 20001, 8080, 60), HOST_B, Dialect.IGD2),
                UpnpErrorCode.ACTION_NOT_AUTHORIZED);
        assertCode(() -> table.add(request("192.168.77.2", 30000, 8080, 60), HOST_A, Dialect.IGD1),
                UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY);
        assertThat(counters.get(PortMappingTable.REFUSED_RULE)).isEqualTo(2);
    }

    @Test
    void rangesDeleteAndListOnlyTheRequestersEntries() throws Exception {
        table.add(request("192.168.77.2", 20000, 8080, 60), HOST_A, Dialect.IGD2);
        table.add(request("192.168.77.2", 20002, 8080, 60), HOST_A, Dialect.IGD2);
        table.add(request("192.168.77.3", 20001, 8080, 60), HOST_B, Dialect.IGD2);
        assertThat(table.listRange(20000, 20010, Protocol.TCP, true, 0, HOST_A))
                .extracting(PortMapping::externalPort).containsExactly(20000, 20002);
        assertThat(table.listRange(20000, 20010, Protocol.TCP, false, 1, HOST_A)).hasSize(1);
        assertCode(() -> table.listRange(20000, 20010, Protocol.UDP, true, 0, HOST_A),
                UpnpErrorCode.PORT_MAPPING_NOT_FOUND);
        assertCode(() -> table.listRange(20010, 20000, Protocol.TCP, true, 0, HOST_A),
                UpnpErrorCode.INCONSISTENT_PARAMETERS);
        assertCode(() -> table.deleteRange(20010, 20000, Protocol.TCP, true, HOST_A),
                UpnpErrorCode.INCONSISTENT_PARAMETERS);
        assertThat(table.deleteRange(20000, 20010, Protocol.TCP, true, HOST_A)).isEqualTo(2);
        assertThat(table.snapshot()).extracting(PortMapping::externalPort).containsExactly(20001);
        assertCode(() -> table.deleteRange(20000, 20010, Protocol.TCP, true, HOST_A),
                UpnpErrorCode.PORT_MAPPING_NOT_FOUND);
    }

    @Test
    void aRangeDeleteThatFailsPartWayRemovesNothing() throws Exception {
        for (int port = 20000; port < 20004; port++) {
            table.add(request("192.168.77.2", port, 8080, 60), HOST_A, Dialect.IGD2);
        }
        List<PortMapping> before = table.snapshot();
        backend.failAfter = 2;
        assertCode(() -> table.deleteRange(20000, 20010, Protocol.TCP, true, HOST_A), UpnpErrorCode.ACTION_FAILED);
        assertThat(table.snapshot()).isEqualTo(before);
        assertThat(backend.installed()).containsExactlyInAnyOrderElementsOf(before);
        journal.close();
        MappingJournal.Opened again = MappingJournal.open(state);
        journal = again.journal();
        assertThat(again.replay().mappings()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void switchingUpnpOffRemovesEveryMappingAndRefusesActions() throws Exception {
        table.add(request("192.168.77.2", 20000, 8080, 60), HOST_A, Dialect.IGD2);
        table.setEnabled(false);
        assertThat(table.size()).isZero();
        assertThat(backend.installed()).isEmpty();
        assertCode(() -> table.add(request("192.168.77.2", 20000, 8080, 60), HOST_A, Dialect.IGD2),
                UpnpErrorCode.ACTION_NOT_AUTHORIZED);
        assertCode(() -> table.add(request("192.168.77.2", 20000, 8080, 60), HOST_A, Dialect.IGD1),
                UpnpErrorCode.ACTION_FAILED);
        assertThat(counters.get(PortMappingTable.REFUSED_DISABLED)).isEqualTo(2);
        table.setEnabled(true);
        table.add(request("192.168.77.2", 20000, 8080, 60), HOST_A, Dialect.IGD2);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void backendFailureLeavesTableJournalAndBackendConsistent() throws Exception {
        table.add(request("192.168.77.2", 20000, 8080, 60), HOST_A, Dialect.IGD2);
        backend.failNext = true;
        assertCode(() -> table.add(request("192.168.77.2", 20001, 8080, 60), HOST_A, Dialect.IGD2),
                UpnpErrorCode.ACTION_FAILED);
        backend.failNext = true;
        assertCode(() -> table.delete(new PortMapping.Key("", 20000, Protocol.TCP), HOST_A, Dialect.IGD2),
                UpnpErrorCode.ACTION_FAILED);
        journal.close();
        MappingJournal.Opened again = MappingJournal.open(state);
        journal = again.journal();
        assertThat(again.replay().mappings()).isEqualTo(table.snapshot()).isEqualTo(backend.installed());
    }

    @Test
    void journalFailureUndoesTheBackendChange() throws Exception {
        table.add(request("192.168.77.2", 20000, 8080, 60), HOST_A, Dialect.IGD2);
        journal.close(); // every append now fails
        assertCode(() -> table.add(request("192.168.77.2", 20001, 8080, 60), HOST_A, Dialect.IGD2),
                UpnpErrorCode.ACTION_FAILED);
        assertCode(() -> table.delete(new PortMapping.Key("", 20000, Protocol.TCP), HOST_A, Dialect.IGD2),
                UpnpErrorCode.ACTION_FAILED);
        assertThat(backend.installed()).isEqualTo(table.snapshot());
        assertThat(table.snapshot()).extracting(PortMapping::externalPort).containsExactly(20000);
        assertThat(counters.get(PortMappingTable.JOURNAL_FAILURES)).isEqualTo(2);
        journal = MappingJournal.open(state).journal();
    }

    @Test
    void restoreDropsExpiredMappingsAndReconcilesTheBackend() throws Exception {
        table.add(request("192.168.77.2", 20000, 8080, 5), HOST_A, Dialect.IGD2);
        table.add(request("192.168.77.2", 20001, 8080, 500), HOST_A, Dialect.IGD2);
        journal.close();
        clock.advance(java.time.Duration.ofSeconds(100));
        RecordingNatBackend fresh = new RecordingNatBackend();
        fresh.add(new PortMapping("", 40000, Protocol.UDP, 4000, (java.net.Inet4Address) HOST_B, true, "stale",
                clock.instant().plusSeconds(60)));
        MappingJournal.Opened opened = MappingJournal.open(state);
        journal = opened.journal();
        LanInterface lan = new LanInterface("rlan0", 2, List.of(new LanAddress(ip("192.168.77.1"), 24)));
        PortMappingTable restarted = new PortMappingTable(MappingPolicy.secure(), new LanPolicy(List.of(lan)), fresh,
                clock, counters, journal);
        assertThat(restarted.restore(opened.replay().mappings())).isEqualTo(1);
        assertThat(restarted.snapshot()).singleElement()
                .satisfies(m -> assertThat(m.remainingSeconds(clock.instant())).isEqualTo(400));
        assertThat(fresh.installed()).isEqualTo(restarted.snapshot());
    }

    private static InetAddress ip(String literal) {
        return PortMappingTable.parseIpv4(literal).orElseThrow();
    }
}
