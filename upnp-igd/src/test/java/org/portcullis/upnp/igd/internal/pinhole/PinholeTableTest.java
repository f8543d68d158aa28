package org.portcullis.upnp.igd.internal.pinhole;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.PermissionRule;
import org.portcullis.upnp.igd.internal.table.FakeClock;

class PinholeTableTest {
    static final InetAddress HOST = ip("fd77::2");
    static final InetAddress OTHER = ip("fd77::3");
    static final String ME = "fd77::2";

    final FakeClock clock = new FakeClock();
    final DropCounters counters = new DropCounters();
    final AtomicBoolean on = new AtomicBoolean(true);

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static LanPolicy lan() {
        return new LanPolicy(List.of(new LanInterface("rlan0", 2, List.of(
                new LanAddress(ip("192.168.77.1"), 24), new LanAddress(ip("fd77::1"), 64),
                new LanAddress(ip("fe80::1"), 64)))));
    }

    PinholeTable table(MappingPolicy policy) {
        return new PinholeTable(policy, lan(), clock, counters, on::get);
    }

    PinholeTable table() {
        return table(MappingPolicy.secure());
    }

    static int code(ThrowingRunnable r) {
        try {
            r.run();
        } catch (UpnpException e) {
            return e.errorCode();
        }
        throw new AssertionError("no UpnpException");
    }

    interface ThrowingRunnable {
        void run() throws UpnpException;
    }

    @Test
    void addAllocatesIdsLeasesAndExpires() throws Exception {
        PinholeTable t = table();
        int a = t.add("", 0, ME, 8080, 6, 10, HOST);
        int b = t.add("2001:db8::1", 443, ME, 8081, 17, 20, HOST);
        assertThat(a).isEqualTo(1);
        assertThat(b).isEqualTo(2);
        assertThat(t.snapshot()).extracting(Pinhole::remoteHost).containsExactly("", "2001:db8:0:0:0:0:0:1");
        clock.advance(Duration.ofSeconds(10));
        assertThat(t.expire()).isEqualTo(1);
        assertThat(t.snapshot()).extracting(Pinhole::id).containsExactly(b);
        assertThat(code(() -> t.update(a, 30, HOST))).isEqualTo(PinholeTable.NO_SUCH_ENTRY);
        t.update(b, 100, HOST);
        clock.advance(Duration.ofSeconds(50));
        assertThat(t.expire()).isZero();
        t.delete(b, HOST);
        assertThat(t.size()).isZero();
        assertThat(code(() -> t.delete(b, HOST))).isEqualTo(PinholeTable.NO_SUCH_ENTRY);
    }

    @Test
    void sameTupleExtendsTheExistingPinhole() throws Exception {
        PinholeTable t = table();
        int a = t.add("*", 0, ME, 8080, 6, 10, HOST);
        assertThat(t.add("", 0, ME, 8080, 6, 500, HOST)).isEqualTo(a);
        assertThat(t.size()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(100));
        assertThat(t.expire()).isZero();
        assertThat(t.add("", 0, ME, 8080, 17, 10, HOST)).isNotEqualTo(a);
    }

    @Test
    void argumentErrorsUseTheServiceCodes() {
        PinholeTable t = table();
        assertThat(code(() -> t.add("", 0, ME, 8080, 6, 0, HOST))).isEqualTo(402);
        assertThat(code(() -> t.add("", 0, ME, 8080, 6, 86_401, HOST))).isEqualTo(402);
        assertThat(code(() -> t.add("", 0, ME, 8080, 65535, 10, HOST))).isEqualTo(707);
        assertThat(code(() -> t.add("", 0, ME, 8080, 1, 10, HOST))).isEqualTo(705);
        assertThat(code(() -> t.add("", 0, "", 8080, 6, 10, HOST))).isEqualTo(708);
        assertThat(code(() -> t.add("", 0, "*", 8080, 6, 10, HOST))).isEqualTo(708);
        assertThat(code(() -> t.add("", 0, ME, 0, 6, 10, HOST))).isEqualTo(706);
        assertThat(code(() -> t.add("", 0, "host.lan", 8080, 6, 10, HOST))).isEqualTo(402);
        assertThat(code(() -> t.add("", 0, "192.168.77.2", 8080, 6, 10, HOST))).isEqualTo(402);
        assertThat(code(() -> t.add("", 0, "fe80::2%lo", 8080, 6, 10, HOST))).isEqualTo(402);
        assertThat(code(() -> t.add("example.com", 0, ME, 8080, 6, 10, HOST))).isEqualTo(402);
        assertThat(t.size()).isZero();
    }

    @Test
    void policyRefusalsAre606AndCounted() throws Exception {
        PinholeTable t = table();
        assertThat(code(() -> t.add("", 0, "fd77::3", 8080, 6, 10, HOST))).isEqualTo(606);
        assertThat(code(() -> t.add("", 0, "2001:db8::5", 8080, 6, 10, HOST))).isEqualTo(606);
        assertThat(code(() -> t.add("", 0, "fd99::2", 8080, 6, 10, ip("fd99::2")))).isEqualTo(606);
        assertThat(code(() -> t.add("", 0, "fd77::1", 8080, 6, 10, ip("fd77::1")))).isEqualTo(606);
        assertThat(code(() -> t.add("", 0, ME, 80, 6, 10, HOST))).isEqualTo(606);
        assertThat(code(() -> t.add("fd77::9", 0, ME, 8080, 6, 10, HOST))).isEqualTo(606);
        assertThat(code(() -> t.add("ff02::1", 0, ME, 8080, 6, 10, HOST))).isEqualTo(606);
        assertThat(counters.snapshot()).containsEntry(PinholeTable.REFUSED_FOREIGN_CLIENT, 1L)
                .containsEntry(PinholeTable.REFUSED_NON_LAN_CLIENT, 2L)
                .containsEntry(PinholeTable.REFUSED_GATEWAY_CLIENT, 1L)
                .containsEntry(PinholeTable.REFUSED_PRIVILEGED_PORT, 1L)
                .containsEntry(PinholeTable.REFUSED_BAD_REMOTE_HOST, 2L);
        // link-local on the served interface is a LAN address too
        assertThat(t.add("", 0, "fe80::2", 8080, 6, 10, ip("fe80::2"))).isPositive();
    }

    @Test
    void onlyTheOwnerMayTouchAPinholeInSecureMode() throws Exception {
        PinholeTable t = table();
        int id = t.add("", 0, ME, 8080, 6, 60, HOST);
        assertThat(code(() -> t.update(id, 60, OTHER))).isEqualTo(606);
        assertThat(code(() -> t.delete(id, OTHER))).isEqualTo(606);
        assertThat(code(() -> t.owned(id, OTHER, "GetPinholePackets"))).isEqualTo(606);
        assertThat(counters.snapshot()).containsEntry(PinholeTable.REFUSED_FOREIGN_OWNER, 3L);
        assertThat(code(() -> t.update(id, 0, HOST))).isEqualTo(402);
        PinholeTable open = table(new MappingPolicy(false, true, 4, 8));
        int other = open.add("", 0, "fd77::3", 80, 6, 60, HOST);
        open.delete(other, HOST);
        assertThat(open.size()).isZero();
    }

    @Test
    void capsPerClientAndTotalGive701() throws Exception {
        PinholeTable t = table(new MappingPolicy(true, false, 2, 3));
        t.add("", 0, ME, 5001, 6, 60, HOST);
        t.add("", 0, ME, 5002, 6, 60, HOST);
        assertThat(code(() -> t.add("", 0, ME, 5003, 6, 60, HOST))).isEqualTo(701);
        t.add("", 0, "fd77::3", 5001, 6, 60, OTHER);
        assertThat(code(() -> t.add("", 0, "fd77::4", 5001, 6, 60, ip("fd77::4")))).isEqualTo(701);
        assertThat(counters.snapshot()).containsEntry(PinholeTable.REFUSED_CAP, 2L);
    }

    @Test
    void permissionRulesHaveIpv4RangesOnlySoTheyRefuseEveryPinhole() {
        PinholeTable t = table(MappingPolicy.secure().withRules(List.of(PermissionRule.parse(
                "allow 1024-65535 192.168.77.0/24 1024-65535"))));
        assertThat(code(() -> t.add("", 0, ME, 8080, 6, 60, HOST))).isEqualTo(606);
        assertThat(counters.snapshot()).containsEntry(PinholeTable.REFUSED_RULE, 1L);
    }

    @Test
    void switchedOffRefusesWith703() throws Exception {
        PinholeTable t = table();
        int id = t.add("", 0, ME, 8080, 6, 60, HOST);
        on.set(false);
        assertThat(t.inboundAllowed()).isFalse();
        assertThat(code(() -> t.add("", 0, ME, 8081, 6, 60, HOST))).isEqualTo(703);
        assertThat(code(() -> t.delete(id, HOST))).isEqualTo(703);
        assertThat(counters.snapshot()).containsEntry(PinholeTable.REFUSED_DISABLED, 2L);
    }

    @Test
    void uniqueIdsWrapAndSkipIdsInUse() throws Exception {
        PinholeTable t = table(new MappingPolicy(true, false, 3, 3));
        int first = t.add("", 0, ME, 6000, 6, 60, HOST);
        for (int i = 0; i < 70_000; i++) { // bounded: walks the ui2 space past its end
            int id = t.add("", 0, ME, 6001, 6, 60, HOST);
            assertThat(id).isBetween(1, 65535).isNotEqualTo(first);
            t.delete(id, HOST);
        }
        assertThat(t.snapshot()).extracting(Pinhole::id).containsExactly(first);
    }
}
