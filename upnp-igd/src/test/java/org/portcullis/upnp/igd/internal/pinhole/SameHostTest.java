package org.portcullis.upnp.igd.internal.pinhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portcullis.upnp.igd.internal.pinhole.FakeNeighbourCache.v6;
import static org.portcullis.upnp.igd.internal.pinhole.PinholeTableTest.ip;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;

/** SameHost against a fake neighbour cache: rlan0 (index 2) and rlan1 (index 3), each with a global prefix. */
class SameHostTest {
    static final String MAC_A = "02:00:00:00:00:0a";
    static final String MAC_B = "02:00:00:00:00:0b";
    static final LanPolicy LAN = new LanPolicy(List.of(
            new LanInterface("rlan0", 2, List.of(new LanAddress(ip("fd77::1"), 64), new LanAddress(ip("fe80::1"), 64)),
                    List.of(new LanAddress(ip("2001:db8:77::1"), 64))),
            new LanInterface("rlan1", 3, List.of(new LanAddress(ip("fd78::1"), 64), new LanAddress(ip("fe80::1"), 64)),
                    List.of(new LanAddress(ip("2001:db8:78::1"), 64)))));
    /** The LAN host's link-local address as the HTTP server sees it: with rlan0's scope id. */
    static final InetAddress REQUESTER = linkLocal("fe80::2", 2);

    final FakeNeighbourCache cache = new FakeNeighbourCache();
    final DropCounters counters = new DropCounters();
    final SameHost rule = new SameHost(cache, counters, Duration.ofMillis(150), Duration.ofMillis(20));

    static InetAddress linkLocal(String a, int scope) {
        try {
            return Inet6Address.getByAddress(null, ip(a).getAddress(), scope);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theSameAddressNeedsNoLookup() {
        assertThat(rule.test(ip("2001:db8:77::2"), ip("2001:db8:77::2"), LAN)).isTrue();
        assertThat(SameHost.strict(counters).test(ip("fd77::2"), ip("fd77::2"), LAN)).isTrue();
        assertThat(cache.reads).isZero();
    }

    @Test
    void twoAddressesWithTheSameLinkLayerAddressOnTheSameInterfaceAreOneHost() {
        cache.entry("rlan0", "fe80::2", MAC_A).entry("rlan0", "2001:db8:77::2", MAC_A);
        assertThat(rule.test(ip("2001:db8:77::2"), REQUESTER, LAN)).isTrue();
        cache.entry("rlan0", "fd77::2", MAC_A);
        assertThat(rule.test(ip("fd77::2"), REQUESTER, LAN)).isTrue();
        assertThat(cache.solicited).isEmpty();
        assertThat(counters.snapshot()).containsEntry(SameHost.ACCEPTED, 2L);
    }

    @Test
    void aDifferentLinkLayerAddressIsAnotherHost() {
        cache.entry("rlan0", "fe80::2", MAC_A).entry("rlan0", "2001:db8:77::3", MAC_B);
        assertThat(rule.test(ip("2001:db8:77::3"), REQUESTER, LAN)).isFalse();
        assertThat(counters.snapshot()).doesNotContainKey(SameHost.ACCEPTED);
    }

    @Test
    void aMissingEntryIsSolicitedOnceAndStillMissingMeansRefusedWithinTheBudget() {
        cache.entry("rlan0", "fe80::2", MAC_A);
        long t0 = System.nanoTime();
        assertThat(rule.test(ip("2001:db8:77::9"), REQUESTER, LAN)).isFalse();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(cache.solicited).containsExactly("rlan0 2001:db8:77:0:0:0:0:9");
        assertThat(cache.reads).as("re-read while waiting").isGreaterThan(1);
        assertThat(ms).as("bounded by the 150 ms budget").isGreaterThanOrEqualTo(140).isLessThan(1000);
    }

    @Test
    void waitsForSolicitedEntriesAreRateLimited() {
        SameHost limited = new SameHost(cache, counters, Duration.ofMillis(100), Duration.ofMillis(20), 2);
        cache.entry("rlan0", "fe80::2", MAC_A).entry("rlan0", "2001:db8:77::2", MAC_A);
        for (int i = 0; i < 2; i++) {
            assertThat(limited.test(ip("2001:db8:77::9" + i), REQUESTER, LAN)).isFalse();
        }
        int reads = cache.reads;
        long t0 = System.nanoTime();
        assertThat(limited.test(ip("2001:db8:77::99"), REQUESTER, LAN)).isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("no wait").isLessThan(90);
        assertThat(cache.reads - reads).as("one read, no polling").isEqualTo(1);
        assertThat(cache.solicited).as("still solicited").hasSize(3);
        assertThat(counters.snapshot()).containsEntry(SameHost.WAIT_SKIPPED, 1L);
        // entries already in the cache need no wait
        assertThat(limited.test(ip("2001:db8:77::2"), REQUESTER, LAN)).isTrue();
    }

    @Test
    void anEntryThatAppearsAfterTheSolicitationIsUsed() {
        cache.entry("rlan0", "fe80::2", MAC_A);
        cache.answersSolicitation.put(v6("2001:db8:77::2"), MAC_A);
        assertThat(rule.test(ip("2001:db8:77::2"), REQUESTER, LAN)).isTrue();
        assertThat(cache.solicited).hasSize(1);
    }

    @Test
    void addressesOnDifferentInterfacesAreNeverOneHostEvenWithTheSameLinkLayerAddress() {
        cache.entry("rlan0", "fe80::2", MAC_A).entry("rlan1", "2001:db8:78::2", MAC_A)
                .entry("rlan0", "2001:db8:78::2", MAC_A);
        assertThat(rule.test(ip("2001:db8:78::2"), REQUESTER, LAN)).isFalse();
        // a link-local requester on rlan1 (scope 3) does not own rlan0's addresses either
        cache.entry("rlan1", "fe80::2", MAC_A).entry("rlan1", "2001:db8:77::2", MAC_A);
        assertThat(rule.test(ip("2001:db8:77::2"), linkLocal("fe80::2", 3), LAN)).isFalse();
        assertThat(cache.reads).as("decided without the cache").isZero();
    }

    @Test
    void addressesOffTheLanAreNeverLookedUp() {
        assertThat(rule.test(ip("2001:db8:99::2"), REQUESTER, LAN)).isFalse();
        assertThat(rule.test(ip("fd77::2"), ip("192.168.77.2"), LAN)).isFalse();
        assertThat(cache.reads).isZero();
    }

    @Test
    void aLookupFailureFallsBackToStrictEquality() {
        cache.entry("rlan0", "fe80::2", MAC_A).entry("rlan0", "2001:db8:77::2", MAC_A);
        cache.failing = true;
        assertThat(rule.test(ip("2001:db8:77::2"), REQUESTER, LAN)).isFalse();
        assertThat(rule.test(ip("2001:db8:77::2"), REQUESTER, LAN)).isFalse();
        assertThat(rule.test(ip("2001:db8:77::2"), ip("2001:db8:77::2"), LAN)).isTrue();
        assertThat(counters.snapshot()).containsEntry(SameHost.LOOKUP_FAILURES, 2L);
    }

    @Test
    void strictNeverConsultsACache() {
        assertThat(SameHost.strict(counters).test(ip("2001:db8:77::2"), REQUESTER, LAN)).isFalse();
    }
}
