package org.portcullis.upnp.igd.internal.pinhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portcullis.upnp.igd.internal.pinhole.PinholeTableTest.code;
import static org.portcullis.upnp.igd.internal.pinhole.PinholeTableTest.ip;
import static org.portcullis.upnp.igd.internal.pinhole.SameHostTest.MAC_A;
import static org.portcullis.upnp.igd.internal.pinhole.SameHostTest.MAC_B;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.internal.table.FakeClock;

/**
 * Secure mode with the same-host rule: a host speaking from its link-local address opens, renews, queries and deletes
 * a pinhole to its global address; another host on the link (another link-layer address) can do none of that.
 */
class PinholeSameHostTest {
    static final InetAddress HOST_LL = SameHostTest.linkLocal("fe80::2", 2);
    static final InetAddress OTHER_LL = SameHostTest.linkLocal("fe80::3", 2);
    final FakeNeighbourCache cache = new FakeNeighbourCache().entry("rlan0", "fe80::2", MAC_A)
            .entry("rlan0", "fd77::2", MAC_A).entry("rlan0", "2001:db8:77::2", MAC_A)
            .entry("rlan0", "fe80::3", MAC_B).entry("rlan0", "2001:db8:77::3", MAC_B);
    final DropCounters counters = new DropCounters();
    final PinholeTable table = table(MappingPolicy.secure());

    PinholeTable table(MappingPolicy policy) {
        return new PinholeTable(policy, SameHostTest.LAN, new FakeClock(), counters, () -> true,
                org.portcullis.upnp.igd.spi.NatBackend.inMemory(), null,
                new SameHost(cache, counters, Duration.ofMillis(100), Duration.ofMillis(20)));
    }

    @Test
    void aHostOpensAndManagesAPinholeToItsGlobalAddressFromItsOtherAddresses() throws Exception {
        int id = table.add("", 0, "2001:db8:77::2", 8080, 6, 3600, HOST_LL);
        table.update(id, 600, ip("fd77::2"));
        assertThat(table.packets(id, HOST_LL, "GetPinholePackets")).isZero();
        assertThat(table.outboundTimeout("2001:db8:77::2", 6, HOST_LL)).isPositive();
        table.delete(id, ip("fd77::2"));
        assertThat(table.size()).isZero();
        assertThat(counters.snapshot()).doesNotContainKeys(PinholeTable.REFUSED_FOREIGN_CLIENT,
                PinholeTable.REFUSED_FOREIGN_OWNER);
    }

    @Test
    void anotherHostOnTheLinkIsStillRefused() throws Exception {
        assertThat(code(() -> table.add("", 0, "2001:db8:77::3", 8080, 6, 3600, HOST_LL))).isEqualTo(606);
        assertThat(code(() -> table.add("", 0, "2001:db8:77::4", 8080, 6, 3600, HOST_LL)))
                .as("an address no host answers for").isEqualTo(606);
        assertThat(cache.solicited).containsExactly("rlan0 2001:db8:77:0:0:0:0:4");
        int id = table.add("", 0, "2001:db8:77::2", 8080, 6, 3600, HOST_LL);
        assertThat(code(() -> table.update(id, 600, OTHER_LL))).isEqualTo(606);
        assertThat(code(() -> table.delete(id, ip("2001:db8:77::3")))).isEqualTo(606);
        assertThat(code(() -> table.packets(id, OTHER_LL, "GetPinholePackets"))).isEqualTo(606);
        assertThat(code(() -> table.outboundTimeout("2001:db8:77::2", 6, OTHER_LL))).isEqualTo(606);
        assertThat(table.size()).isEqualTo(1);
        assertThat(counters.snapshot()).containsEntry(PinholeTable.REFUSED_FOREIGN_CLIENT, 3L)
                .containsEntry(PinholeTable.REFUSED_FOREIGN_OWNER, 3L);
    }

    @Test
    void withoutTheNeighbourCacheOnlyTheRequestersOwnAddressIsAccepted() throws Exception {
        cache.failing = true;
        assertThat(code(() -> table.add("", 0, "2001:db8:77::2", 8080, 6, 3600, HOST_LL))).isEqualTo(606);
        assertThat(table.add("", 0, "2001:db8:77::2", 8080, 6, 3600, ip("2001:db8:77::2"))).isPositive();
        assertThat(counters.snapshot()).containsEntry(SameHost.LOOKUP_FAILURES, 1L);
    }

    @Test
    void outsideSecureModeTheCacheIsNotConsulted() throws Exception {
        PinholeTable open = table(new MappingPolicy(false, false, 16, 128));
        assertThat(open.add("", 0, "2001:db8:77::3", 8080, 6, 3600, HOST_LL)).isPositive();
        assertThat(cache.reads).isZero();
    }
}
