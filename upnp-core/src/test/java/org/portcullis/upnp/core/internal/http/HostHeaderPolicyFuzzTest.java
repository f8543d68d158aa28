package org.portcullis.upnp.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.portcullis.upnp.core.internal.http.HostHeaderPolicy.Verdict;

/**
 * The Host check (DNS-rebinding defence) under arbitrary Host values, including link-local literals with zones. Laws:
 * it never throws; OURS only when the value names one of our addresses (checked by a deliberately simple reference
 * reading of the value); a zone on our link-local address is either accepted or the value is INVALID, never taken as
 * another host. Plain {@code mvn test} replays {@code HostHeaderPolicyFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class HostHeaderPolicyFuzzTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress(HostHeaderPolicy.literal("192.168.77.1"),
            5000);
    private static final List<InetAddress> OWN = List.of(LOCAL.getAddress(), HostHeaderPolicy.literal("fd77::1"),
            scoped("fe80::1", 3));
    private static final HostHeaderPolicy POLICY = new HostHeaderPolicy(() -> OWN);

    private static InetAddress scoped(String literal, int scopeId) {
        try {
            return Inet6Address.getByAddress(null, HostHeaderPolicy.literal(literal).getAddress(), scopeId);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void arbitraryHost(byte[] data) {
        String value = new String(data, StandardCharsets.UTF_8);
        for (boolean http11 : new boolean[] {true, false}) {
            Verdict v = POLICY.judge(List.of(value), http11, LOCAL);
            assertThat(v).isNotNull().isNotEqualTo(Verdict.ABSENT_ALLOWED);
            if (v == Verdict.OURS) {
                assertThat(OWN).as(value).contains(namedAddress(value));
            }
        }
        // The same bytes as the zone of our own link-local address.
        Verdict zoned = POLICY.judge(List.of("[fe80::1%" + value + "]:5000"), true, LOCAL);
        assertThat(zoned).as(value).isEqualTo(HostHeaderPolicy.zone(value) != null && value.indexOf(']') < 0
                ? Verdict.OURS : Verdict.INVALID);
    }

    /** Reference reading: the address between brackets (before any zone), or before the only colon. */
    private static InetAddress namedAddress(String value) {
        String v = value.trim();
        String host;
        if (v.startsWith("[")) {
            host = v.substring(1, v.indexOf(']'));
            int zone = host.indexOf('%');
            host = zone < 0 ? host : host.substring(0, zone);
        } else {
            int colon = v.indexOf(':');
            host = colon < 0 ? v : v.substring(0, colon);
        }
        return HostHeaderPolicy.literal(host);
    }
}
