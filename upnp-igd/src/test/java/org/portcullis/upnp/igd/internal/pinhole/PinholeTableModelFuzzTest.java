package org.portcullis.upnp.igd.internal.pinhole;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.PinholeRule;
import org.portcullis.upnp.igd.internal.journal.MappingJournal;
import org.portcullis.upnp.igd.internal.table.FakeClock;
import org.portcullis.upnp.igd.internal.table.Outcomes;
import org.portcullis.upnp.igd.internal.table.RecordingNatBackend;

/**
 * Model-based test of the pinhole table: random sequences of add / update / delete / packets / expire (fake clock)
 * / backend failure / journal compaction / restart (journal replay into a fresh table and backend) give the same
 * results (values or UPnP error codes) from {@link PinholeTable} as from a small reference model written from
 * spec/igd.md §9 and the secure policy, and the table, the NAT backend and the journal always agree. UniqueIDs are
 * the table's choice; the model checks that a new pinhole gets an unused one and a renewed pinhole keeps its own.
 */
class PinholeTableModelFuzzTest {
    private static final String[] REQUESTERS = {"fd77::2", "fd77::3"};
    /** Two LAN hosts, the gateway itself, an address off the LAN, and the wildcard. */
    private static final String[] CLIENTS = {"fd77::2", "fd77::3", "fd77::1", "2001:db8::5", ""};
    private static final int PER_CLIENT = 3;
    private static final int MAX = 5;

    /** One pinhole as the model keeps it. */
    private record Entry(int id, String remote, int remotePort, Inet6Address client, int port, int protocol,
            Instant expires) {}

    /** The reference model: pinholes by UniqueID and the rules, nothing else. */
    private static final class Model {
        final TreeMap<Integer, Entry> m = new TreeMap<>();

        /** The expected outcome: an error code, or {@code null} when the table chooses the id. */
        Integer add(String remote, int remotePort, String client, int port, int protocol, long lease,
                InetAddress requester, boolean fail) {
            if (lease < 1 || lease > 86_400) {
                return 402;
            }
            if (protocol == 65535) {
                return 707;
            }
            if (protocol != 6 && protocol != 17 && protocol != 136) {
                return 705;
            }
            if (client.isEmpty()) {
                return 708;
            }
            if (port == 0) {
                return 706;
            }
            InetAddress c = ip(client);
            if (client.equals("2001:db8::5") || client.equals("fd77::1") || !c.equals(requester) || port < 1024) {
                return 606;
            }
            Entry same = find(remote, remotePort, c, port, protocol);
            if (same == null) {
                long mine = m.values().stream().filter(e -> e.client().equals(c)).count();
                if (mine >= PER_CLIENT || m.size() >= MAX) {
                    return 701;
                }
                if (fail) {
                    return 501;
                }
            }
            return null;
        }

        Entry find(String remote, int remotePort, InetAddress c, int port, int protocol) {
            for (Entry e : m.values()) {
                if (e.remote().equals(remote) && e.remotePort() == remotePort && e.client().equals(c)
                        && e.port() == port && e.protocol() == protocol) {
                    return e;
                }
            }
            return null;
        }

        /** 704 unknown, 606 another client's, else null. */
        Integer owned(int id, InetAddress requester) {
            Entry e = m.get(id);
            if (e == null) {
                return 704;
            }
            return e.client().equals(requester) ? null : 606;
        }

        void expire(Instant now) {
            m.values().removeIf(e -> !e.expires().isAfter(now));
        }

        List<Entry> entries() {
            return new ArrayList<>(m.values());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void modelAgrees(FuzzedDataProvider data) throws Exception {
        Path dir = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir")), "pcpinhole");
        FakeClock clock = new FakeClock();
        RecordingNatBackend backend = new RecordingNatBackend();
        MappingPolicy policy = new MappingPolicy(true, false, PER_CLIENT, MAX);
        MappingJournal journal = MappingJournal.open(dir).journal();
        try {
            PinholeTable table = table(policy, clock, backend, journal);
            Model model = new Model();
            int steps = data.consumeInt(1, 60);
            for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
                PinholeTable t = table;
                InetAddress requester = ip(REQUESTERS[data.consumeInt(0, 1)]);
                boolean fail = data.consumeInt(0, 9) == 0;
                int id = data.consumeInt(0, 7);
                long lease = data.pickValue(new long[] {0, 1, 5, 100, 86_400, 86_401});
                int op = data.consumeInt(0, 6);
                switch (op) {
                    case 0, 1 -> {
                        String remote = data.consumeBoolean() ? "" : "2001:db8:0:0:0:0:0:7";
                        int remotePort = data.consumeBoolean() ? 0 : 443;
                        String client = CLIENTS[data.consumeInt(0, CLIENTS.length - 1)];
                        int port = data.pickValue(new int[] {0, 80, 8080, 9090});
                        int protocol = data.pickValue(new int[] {6, 17, 136, 1, 65535});
                        Integer expected = model.add(remote, remotePort, client, port, protocol, lease, requester,
                                fail);
                        backend.failNext = fail;
                        Object actual = Outcomes.of(() -> t.add(remote, remotePort, client, port, protocol, lease,
                                requester));
                        backend.failNext = false;
                        if (expected != null) {
                            assertThat(actual).as("add refused").isEqualTo(expected);
                        } else {
                            assertThat(actual).as("add accepted").isInstanceOf(Integer.class);
                            int got = (Integer) actual;
                            Inet6Address c = (Inet6Address) ip(client);
                            Entry same = model.find(remote, remotePort, c, port, protocol);
                            if (same != null) {
                                assertThat(got).as("a renewal keeps the UniqueID").isEqualTo(same.id());
                            } else {
                                assertThat(got).as("a new UniqueID").isBetween(1, 65535);
                                assertThat(model.m).doesNotContainKey(got);
                            }
                            model.m.put(got, new Entry(got, remote, remotePort, c, port, protocol,
                                    clock.instant().plusSeconds(lease)));
                        }
                    }
                    case 2 -> {
                        Integer refused = model.owned(id, requester);
                        Object expected = refused != null ? refused : lease < 1 || lease > 86_400 ? 402 : "ok";
                        Object actual = Outcomes.of(() -> {
                            t.update(id, lease, requester);
                            return "ok";
                        });
                        assertThat(actual).as("update %d", id).isEqualTo(expected);
                        if ("ok".equals(expected)) {
                            Entry e = model.m.get(id);
                            model.m.put(id, new Entry(id, e.remote(), e.remotePort(), e.client(), e.port(),
                                    e.protocol(), clock.instant().plusSeconds(lease)));
                        }
                    }
                    case 3 -> {
                        Integer refused = model.owned(id, requester);
                        Object expected = refused != null ? refused : fail ? 501 : "ok";
                        backend.failNext = fail;
                        Object actual = Outcomes.of(() -> {
                            t.delete(id, requester);
                            return "ok";
                        });
                        backend.failNext = false;
                        assertThat(actual).as("delete %d", id).isEqualTo(expected);
                        if ("ok".equals(expected)) {
                            model.m.remove(id);
                        }
                    }
                    case 4 -> {
                        Integer refused = model.owned(id, requester);
                        Object expected = refused != null ? (Object) refused : (Object) 0L;
                        assertThat(Outcomes.of(() -> t.packets(id, requester, "GetPinholePackets")))
                                .as("packets %d", id).isEqualTo(expected);
                    }
                    case 5 -> {
                        clock.advance(Duration.ofSeconds(data.pickValue(new long[] {0, 1, 5, 100, 86_400})));
                        table.expire();
                        model.expire(clock.instant());
                        if (data.consumeBoolean()) {
                            journal.compact(List.of(), table.snapshot());
                        }
                    }
                    default -> {
                        journal.close();
                        MappingJournal.Opened o = MappingJournal.open(dir);
                        journal = o.journal();
                        assertThat(o.replay().torn()).isFalse();
                        backend = new RecordingNatBackend();
                        backend.pinholes.put(999, new PinholeRule(999, "", 0, (Inet6Address) ip("fd77::9"), 1, 6));
                        table = table(policy, clock, backend, journal);
                        table.restore(o.replay().pinholes());
                    }
                }
                assertThat(view(table.snapshot())).as("table after op %d", op).isEqualTo(model.entries());
                assertThat(backend.installedPinholes()).as("backend after op %d", op)
                        .isEqualTo(table.snapshot().stream().map(Pinhole::rule).toList());
            }
        } finally {
            journal.close();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static PinholeTable table(MappingPolicy policy, FakeClock clock, RecordingNatBackend backend,
            MappingJournal journal) {
        return new PinholeTable(policy, PinholeTableTest.lan(), clock, new DropCounters(), () -> true, backend,
                journal);
    }

    private static List<Entry> view(List<Pinhole> pinholes) {
        return pinholes.stream().map(p -> new Entry(p.id(), p.remoteHost(), p.remotePort(), p.internalClient(),
                p.internalPort(), p.protocol(), p.expires())).toList();
    }

    private static InetAddress ip(String text) {
        return text.isEmpty() ? null : PinholeTableTest.ip(text);
    }
}
