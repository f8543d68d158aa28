package org.portcullis.upnp.igd.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.internal.journal.MappingJournal;

/**
 * Model-based test: random sequences of add / add-any / delete / delete-range / get / expire (fake clock) /
 * backend failure / restart (journal replay) give the same results (values or UPnP error codes) from
 * {@link PortMappingTable} as from a small reference model written from spec/igd.md §4-§6, and the table, the NAT
 * backend and the journal always agree.
 */
class PortMappingTableModelFuzzTest {
    private static final String[] CLIENTS = {"192.168.77.2", "192.168.77.3", "192.168.77.4", "8.8.8.8"};
    private static final int PER_CLIENT = 4;
    private static final int MAX = 6;
    private static final long MAX_LEASE = PortMappingTable.MAX_LEASE_SECONDS;

    /** The reference model: a sorted map and the rules, nothing else. */
    private static final class Model {
        final TreeMap<PortMapping.Key, PortMapping> m = new TreeMap<>();

        long countFor(Inet4Address c) {
            return m.values().stream().filter(x -> x.internalClient().equals(c)).count();
        }

        Object add(MappingRequest r, Inet4Address requester, Dialect d, boolean any, Instant now, boolean fail) {
            int ext = any && r.externalPort() == 0 ? 1024 : r.externalPort();
            if (!any && ext == 0) {
                return 716;
            }
            if (r.internalPort() == 0) {
                return d == Dialect.IGD2 ? 732 : 402;
            }
            Inet4Address c = ip(r.internalClient());
            int refused = d == Dialect.IGD2 ? 606 : 718;
            if (c.getHostAddress().equals("8.8.8.8") || !c.equals(requester) || ext < 1024 || r.internalPort() < 1024) {
                return refused;
            }
            PortMapping.Key key = new PortMapping.Key("", ext, r.protocol());
            PortMapping existing = m.get(key);
            if (existing != null && !existing.internalClient().equals(c)) {
                if (!any) {
                    return 718;
                }
                key = null;
                for (int step = 1; step <= 65535 && key == null; step++) {
                    for (int p : new int[] {ext + step, ext - step}) {
                        if (p >= 1024 && p <= 65535 && !m.containsKey(new PortMapping.Key("", p, r.protocol()))) {
                            key = new PortMapping.Key("", p, r.protocol());
                            break;
                        }
                    }
                }
                existing = null;
            }
            if (existing == null && (m.size() >= MAX || countFor(c) >= PER_CLIENT)) {
                return 728;
            }
            if (fail) {
                return 501;
            }
            Instant exp = r.leaseSeconds() == 0
                    ? (d == Dialect.IGD1 ? PortMapping.PERMANENT : now.plusSeconds(MAX_LEASE))
                    : now.plusSeconds(Math.min(r.leaseSeconds(), MAX_LEASE));
            PortMapping pm = new PortMapping("", key.externalPort(), key.protocol(), r.internalPort(), c, true,
                    r.description(), exp);
            m.put(key, pm);
            return pm;
        }

        Object delete(PortMapping.Key k, Inet4Address requester, Dialect d, boolean fail) {
            PortMapping x = m.get(k);
            if (x == null) {
                return 714;
            }
            if (!x.internalClient().equals(requester)) {
                return d == Dialect.IGD2 ? 606 : 714;
            }
            if (fail) {
                return 501;
            }
            m.remove(k);
            return "ok";
        }

        Object deleteRange(int start, int end, Protocol p, Inet4Address requester) {
            if (start > end) {
                return 733;
            }
            List<PortMapping.Key> found = m.values().stream()
                    .filter(x -> x.externalPort() >= start && x.externalPort() <= end && x.protocol() == p
                            && x.internalClient().equals(requester))
                    .map(PortMapping::key).toList();
            if (found.isEmpty()) {
                return 730;
            }
            found.forEach(m::remove);
            return found.size();
        }

        void expire(Instant now) {
            m.values().removeIf(x -> !x.expiresAt().isAfter(now));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void modelAgrees(FuzzedDataProvider data) throws Exception {
        Path dir = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir")), "pcmodel");
        FakeClock clock = new FakeClock();
        RecordingNatBackend backend = new RecordingNatBackend();
        LanPolicy lan = new LanPolicy(List.of(new LanInterface("rlan0", 2,
                List.of(new LanAddress(ip("192.168.77.1"), 24)))));
        MappingPolicy policy = new MappingPolicy(true, false, PER_CLIENT, MAX);
        MappingJournal journal = MappingJournal.open(dir).journal();
        try {
            PortMappingTable table = new PortMappingTable(policy, lan, backend, clock, new DropCounters(), journal);
            Model model = new Model();
            int steps = data.consumeInt(1, 60);
            for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
                Inet4Address requester = ip(CLIENTS[data.consumeInt(0, 2)]);
                Dialect d = data.consumeBoolean() ? Dialect.IGD2 : Dialect.IGD1;
                Protocol proto = data.consumeBoolean() ? Protocol.TCP : Protocol.UDP;
                int ext = data.pickValue(new int[] {0, 80, 20000, 20001, 20002, 20003});
                boolean fail = data.consumeInt(0, 9) == 0;
                int op = data.consumeInt(0, 7);
                switch (op) {
                    case 0, 1 -> {
                        boolean any = op == 1;
                        MappingRequest r = new MappingRequest("", ext, proto,
                                data.pickValue(new int[] {0, 22, 8080, 9090}),
                                CLIENTS[data.consumeInt(0, 3)], true, "d",
                                data.pickValue(new long[] {0, 1, 5, 100, 10_000_000}));
                        Dialect dd = any ? Dialect.IGD2 : d;
                        Object expected = model.add(r, requester, dd, any, clock.instant(), fail);
                        backend.failNext = fail;
                        Object actual = Outcomes.of(() -> any ? table.addAny(r, requester) : table.add(r, requester, dd));
                        backend.failNext = false;
                        assertThat(actual).as("add %s any=%s by %s", r, any, requester).isEqualTo(expected);
                    }
                    case 2 -> {
                        PortMapping.Key k = new PortMapping.Key("", ext, proto);
                        Object expected = model.delete(k, requester, d, fail);
                        backend.failNext = fail;
                        Object actual = Outcomes.of(() -> {
                            table.delete(k, requester, d);
                            return "ok";
                        });
                        backend.failNext = false;
                        assertThat(actual).as("delete %s by %s", k, requester).isEqualTo(expected);
                    }
                    case 3 -> {
                        int start = data.consumeInt(19990, 20005);
                        int end = data.consumeInt(19990, 20005);
                        Object expected = model.deleteRange(start, end, proto, requester);
                        Object actual = Outcomes.of(() -> table.deleteRange(start, end, proto, true, requester));
                        assertThat(actual).as("deleteRange %d-%d", start, end).isEqualTo(expected);
                    }
                    case 4 -> {
                        clock.advance(Duration.ofSeconds(data.pickValue(new long[] {0, 1, 3, 5, 120, MAX_LEASE})));
                        table.expire();
                        model.expire(clock.instant());
                    }
                    case 5 -> {
                        PortMapping.Key k = new PortMapping.Key("", ext, proto);
                        assertThat(table.get(k)).isEqualTo(Optional.ofNullable(model.m.get(k)));
                        int index = data.consumeInt(0, MAX);
                        Object expected = index < model.m.size() ? new ArrayList<>(model.m.values()).get(index) : 713;
                        assertThat(Outcomes.of(() -> table.atIndex(index))).isEqualTo(expected);
                    }
                    default -> {
                        journal.close();
                        MappingJournal.Opened o = MappingJournal.open(dir);
                        journal = o.journal();
                        assertThat(o.replay().torn()).isFalse();
                        RecordingNatBackend fresh = new RecordingNatBackend();
                        PortMappingTable restarted = new PortMappingTable(policy, lan, fresh, clock,
                                new DropCounters(), journal);
                        restarted.restore(o.replay().mappings());
                        model.expire(clock.instant());
                        assertThat(restarted.snapshot()).isEqualTo(new ArrayList<>(model.m.values()));
                        assertThat(fresh.installed()).containsExactlyInAnyOrderElementsOf(restarted.snapshot());
                    }
                }
                if (op != 6 && op != 7) {
                    assertThat(table.snapshot()).isEqualTo(new ArrayList<>(model.m.values()));
                    assertThat(backend.installed()).containsExactlyInAnyOrderElementsOf(table.snapshot());
                } else {
                    return; // the restarted table is checked; later steps would need the old table's backend
                }
            }
        } finally {
            journal.close();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Inet4Address ip(String text) {
        return PortMappingTable.parseIpv4(text).orElseThrow();
    }

}
