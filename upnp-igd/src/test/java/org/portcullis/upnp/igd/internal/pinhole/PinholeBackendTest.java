package org.portcullis.upnp.igd.internal.pinhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portcullis.upnp.igd.internal.pinhole.PinholeTableTest.HOST;
import static org.portcullis.upnp.igd.internal.pinhole.PinholeTableTest.ME;
import static org.portcullis.upnp.igd.internal.pinhole.PinholeTableTest.OTHER;
import static org.portcullis.upnp.igd.internal.pinhole.PinholeTableTest.code;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.PinholeRule;
import org.portcullis.upnp.igd.internal.device.IgdDeviceTree;
import org.portcullis.upnp.igd.internal.journal.MappingJournal;
import org.portcullis.upnp.igd.internal.table.FakeClock;
import org.portcullis.upnp.igd.internal.table.RecordingNatBackend;
import org.portcullis.upnp.igd.spi.NatBackend;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionContext;
import org.portcullis.upnp.soap.ActionRequest;

/** Pinholes applied through the NAT backend and the journal: order, failure handling, restart and packet counts. */
class PinholeBackendTest {
    private static final int ACTION_FAILED = UpnpErrorCode.ACTION_FAILED.code();

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();
    final DropCounters counters = new DropCounters();
    final RecordingNatBackend backend = new RecordingNatBackend();

    PinholeTable table(NatBackend b, MappingJournal journal) {
        return new PinholeTable(MappingPolicy.secure(), PinholeTableTest.lan(), clock, counters, () -> true, b,
                journal);
    }

    static Inet6Address me() {
        return (Inet6Address) HOST;
    }

    @Test
    void addRenewUpdateDeleteAndExpiryReachTheBackendOnlyWhenTheRuleChanges() throws Exception {
        PinholeTable t = table(backend, null);
        int a = t.add("2001:db8::7", 0, ME, 8080, 6, 10, HOST);
        assertThat(backend.pinholes).containsOnlyKeys(a);
        assertThat(backend.pinholes.get(a)).isEqualTo(new PinholeRule(a, "2001:db8:0:0:0:0:0:7", 0, me(), 8080, 6));
        int calls = backend.pinholeCalls;
        assertThat(t.add("2001:db8::7", 0, ME, 8080, 6, 100, HOST)).isEqualTo(a); // same 5-tuple: a new lease
        t.update(a, 200, HOST);
        assertThat(backend.pinholeCalls).as("a lease change does not touch the backend").isEqualTo(calls);
        int b = t.add("", 0, ME, 8081, 17, 10, HOST);
        assertThat(backend.pinholes).containsOnlyKeys(a, b);
        t.delete(a, HOST);
        assertThat(backend.pinholes).containsOnlyKeys(b);
        clock.advance(Duration.ofSeconds(10));
        assertThat(t.expire()).isEqualTo(1);
        assertThat(backend.pinholes).isEmpty();
        assertThat(t.size()).isZero();
    }

    @Test
    void backendFailureAnswers501AndChangesNothing() throws Exception {
        int id;
        try (MappingJournal j = MappingJournal.open(dir).journal()) {
            PinholeTable t = table(backend, j);
            backend.failNext = true;
            assertThat(code(() -> t.add("", 0, ME, 8080, 6, 60, HOST))).isEqualTo(ACTION_FAILED);
            assertThat(t.size()).isZero();
            assertThat(counters.snapshot()).containsEntry(PinholeTable.BACKEND_FAILURES, 1L);
            id = t.add("", 0, ME, 8080, 6, 60, HOST);
            backend.failNext = true;
            int added = id;
            assertThat(code(() -> t.delete(added, HOST))).isEqualTo(ACTION_FAILED);
            assertThat(t.snapshot()).extracting(Pinhole::id).containsExactly(id);
            assertThat(backend.pinholes).containsOnlyKeys(id);
        }
        MappingJournal.Opened o = MappingJournal.open(dir);
        o.journal().close();
        assertThat(o.replay().pinholes()).extracting(Pinhole::id).containsExactly(id);
    }

    @Test
    void expiryTheBackendRefusesIsRetriedAtTheNextSweep() throws Exception {
        PinholeTable t = table(backend, null);
        int id = t.add("", 0, ME, 8080, 6, 5, HOST);
        clock.advance(Duration.ofSeconds(5));
        backend.failNext = true;
        assertThat(t.expire()).isZero();
        assertThat(backend.pinholes).containsOnlyKeys(id);
        assertThat(code(() -> t.update(id, 60, HOST))).as("expired: gone for clients").isEqualTo(704);
        assertThat(t.expire()).isEqualTo(1);
        assertThat(backend.pinholes).isEmpty();
    }

    @Test
    void journalFailureTakesThePinholeOutOfTheBackendAgain() throws Exception {
        MappingJournal j = MappingJournal.open(dir).journal();
        PinholeTable t = table(backend, j);
        int id = t.add("", 0, ME, 8080, 6, 60, HOST);
        j.close(); // every later append fails
        assertThat(code(() -> t.add("", 0, ME, 8081, 6, 60, HOST))).isEqualTo(ACTION_FAILED);
        assertThat(backend.pinholes).containsOnlyKeys(id);
        assertThat(code(() -> t.delete(id, HOST))).isEqualTo(ACTION_FAILED);
        assertThat(backend.pinholes).as("re-installed after the failed removal").containsOnlyKeys(id);
        assertThat(t.snapshot()).extracting(Pinhole::id).containsExactly(id);
        assertThat(counters.snapshot()).containsEntry(PinholeTable.JOURNAL_FAILURES, 2L);
    }

    @Test
    void restartRestoresUnexpiredPinholesWithTheirLeaseAndReconcilesTheBackend() throws Exception {
        int kept;
        try (MappingJournal j = MappingJournal.open(dir).journal()) {
            PinholeTable t = table(backend, j);
            int shortLived = t.add("", 0, ME, 8080, 6, 10, HOST);
            kept = t.add("2001:db8::9", 443, ME, 8443, 17, 100, HOST);
            int deleted = t.add("", 0, ME, 9000, 6, 100, HOST);
            t.delete(deleted, HOST);
            assertThat(shortLived).isEqualTo(1);
        }
        clock.advance(Duration.ofSeconds(30));
        RecordingNatBackend after = new RecordingNatBackend();
        after.pinholes.put(77, new PinholeRule(77, "", 0, me(), 1, 6)); // left behind by someone: reconciled away
        MappingJournal.Opened o = MappingJournal.open(dir);
        try (MappingJournal j = o.journal()) {
            PinholeTable t = table(after, j);
            assertThat(t.restore(o.replay().pinholes())).isEqualTo(1);
            assertThat(after.pinholes).containsOnlyKeys(kept);
            Pinhole p = t.snapshot().get(0);
            assertThat(p.expires()).isEqualTo(clock.instant().plusSeconds(70));
            assertThat(t.add("", 0, ME, 9001, 6, 100, HOST)).as("ids continue after the restored ones")
                    .isGreaterThan(kept);
        }
    }

    @Test
    void packetsComeFromTheBackendAndDecideCheckPinholeWorking() throws Exception {
        PinholeTable t = table(backend, null);
        PinholeActions actions = new PinholeActions(t);
        int id = t.add("", 0, ME, 8080, 6, 60, HOST);
        assertThat(call(actions, "GetPinholePackets", "UniqueID", "" + id))
                .containsExactly(new ActionArgument("PinholePackets", "0"));
        assertThat(code(() -> call(actions, "CheckPinholeWorking", "UniqueID", "" + id))).isEqualTo(709);
        backend.packets.put(id, 12L);
        assertThat(call(actions, "GetPinholePackets", "UniqueID", "" + id))
                .containsExactly(new ActionArgument("PinholePackets", "12"));
        assertThat(call(actions, "CheckPinholeWorking", "UniqueID", "" + id))
                .containsExactly(new ActionArgument("IsWorking", "1"));
        backend.packets.put(id, 1L << 40);
        assertThat(t.packets(id, HOST, "GetPinholePackets")).as("capped at ui4").isEqualTo(0xFFFF_FFFFL);
        assertThat(code(() -> t.packets(id, OTHER, "GetPinholePackets"))).isEqualTo(606);
        backend.failNext = true;
        assertThat(code(() -> t.packets(id, HOST, "GetPinholePackets"))).isEqualTo(ACTION_FAILED);
    }

    @Test
    void aBackendWithoutPinholeSupportRefusesAddWith501AndCannotCount() throws Exception {
        NatBackend mappingsOnly = new NatBackend() {
            private final List<org.portcullis.upnp.igd.PortMapping> none = new ArrayList<>();

            @Override
            public void add(org.portcullis.upnp.igd.PortMapping m) {}

            @Override
            public void remove(org.portcullis.upnp.igd.PortMapping m) {}

            @Override
            public List<org.portcullis.upnp.igd.PortMapping> installed() {
                return none;
            }
        };
        PinholeTable t = table(mappingsOnly, null);
        assertThat(code(() -> t.add("", 0, ME, 8080, 6, 60, HOST))).isEqualTo(ACTION_FAILED);
        assertThat(t.size()).isZero();
        assertThat(t.restore(List.of())).isZero();
    }

    @Test
    void inMemoryBackendCountsNothingSoCheckAnswers709() throws Exception {
        PinholeTable t = table(NatBackend.inMemory(), null);
        int id = t.add("", 0, ME, 8080, 6, 60, HOST);
        assertThat(t.packets(id, HOST, "GetPinholePackets")).isZero();
    }

    @Test
    void outboundTimeoutFallsBackToRfc6092Minimums() throws Exception {
        PinholeActions actions = new PinholeActions(table(backend, null));
        assertThat(call(actions, "GetOutboundPinholeTimeout", "RemoteHost", "", "RemotePort", "0",
                "InternalClient", ME, "InternalPort", "8080", "Protocol", "6"))
                .containsExactly(new ActionArgument("OutboundPinholeTimeout", "7440"));
        assertThat(call(actions, "GetOutboundPinholeTimeout", "RemoteHost", "", "RemotePort", "0",
                "InternalClient", "", "InternalPort", "0", "Protocol", "17"))
                .containsExactly(new ActionArgument("OutboundPinholeTimeout", "120"));
        assertThat(call(actions, "GetOutboundPinholeTimeout", "RemoteHost", "", "RemotePort", "0",
                "InternalClient", ME, "InternalPort", "8080", "Protocol", "65535"))
                .containsExactly(new ActionArgument("OutboundPinholeTimeout", "120"));
        assertThat(code(() -> call(actions, "GetOutboundPinholeTimeout", "RemoteHost", "", "RemotePort", "0",
                "InternalClient", ME, "InternalPort", "8080", "Protocol", "1"))).isEqualTo(705);
        assertThat(code(() -> call(actions, "GetOutboundPinholeTimeout", "RemoteHost", "", "RemotePort", "0",
                "InternalClient", "fd77::3", "InternalPort", "8080", "Protocol", "6"))).isEqualTo(606);
    }

    @Test
    void faultTextsAreTheFirewallServicesOwn() {
        assertThat(PinholeActions.FAULT_TEXTS).containsEntry(703, "InboundPinholeNotAllowed")
                .containsEntry(704, "NoSuchEntry").containsEntry(709, "NoTrafficReceived").hasSize(9);
    }

    private static List<ActionArgument> call(PinholeActions actions, String action, String... args)
            throws UpnpException {
        List<ActionArgument> in = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            in.add(new ActionArgument(args[i], args[i + 1]));
        }
        UpnpType fc = IgdDeviceTree.WAN_IPV6_FIREWALL_CONTROL1;
        ActionContext c = new ActionContext(new InetSocketAddress(HOST, 40000),
                new InetSocketAddress(PinholeTableTest.ip("fd77::1"), 5000));
        return actions.bodies().get(action).run(new ActionRequest(fc, action, in), c);
    }
}
