package org.portcullis.upnp.igd.internal.pinhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portcullis.upnp.igd.internal.pinhole.PinholeTableTest.code;
import static org.portcullis.upnp.igd.internal.pinhole.PinholeTableTest.ip;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.internal.table.FakeClock;

/** Pinholes on a dual-stack LAN whose router interface carries a global address (LanInterface#onLinkGlobal). */
class PinholeOnLinkGlobalTest {
    private static final InetAddress LAN_HOST = ip("2001:db8:77::2");
    private final DropCounters counters = new DropCounters();
    private final PinholeTable table = new PinholeTable(MappingPolicy.secure(),
            new LanPolicy(List.of(new LanInterface("rlan0", 2,
                    List.of(new LanAddress(ip("192.168.77.1"), 24), new LanAddress(ip("fe80::1"), 64)),
                    List.of(new LanAddress(ip("2001:db8:77::1"), 64))))),
            new FakeClock(), counters, () -> true);

    @Test
    void aLanHostOpensAPinholeToItsOwnGlobalAddress() throws Exception {
        assertThat(table.add("", 0, "2001:db8:77::2", 8080, 6, 3600, LAN_HOST)).isPositive();
    }

    @Test
    void addressesOutsideTheOnLinkPrefixAndTheRouterItselfAreRefused() {
        assertThat(code(() -> table.add("", 0, "2001:db8:78::2", 8080, 6, 3600, ip("2001:db8:78::2"))))
                .isEqualTo(606);
        assertThat(code(() -> table.add("", 0, "2001:db8:77::1", 8080, 6, 3600, ip("2001:db8:77::1"))))
                .as("the router's own global address").isEqualTo(606);
        assertThat(code(() -> table.add("", 0, "2001:db8:77::3", 8080, 6, 3600, LAN_HOST)))
                .as("secure mode: another host's global address").isEqualTo(606);
        assertThat(counters.snapshot()).containsEntry(PinholeTable.REFUSED_NON_LAN_CLIENT, 1L)
                .containsEntry(PinholeTable.REFUSED_GATEWAY_CLIENT, 1L)
                .containsEntry(PinholeTable.REFUSED_FOREIGN_CLIENT, 1L);
        assertThat(table.size()).isZero();
    }
}
