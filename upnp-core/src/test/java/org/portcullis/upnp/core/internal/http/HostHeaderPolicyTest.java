package org.portcullis.upnp.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portcullis.upnp.core.internal.http.HostHeaderPolicy.Verdict;

class HostHeaderPolicyTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("192.168.77.1", 5000);
    private final HostHeaderPolicy policy = new HostHeaderPolicy(() -> List.of(addr("192.168.77.1"),
            addr("10.1.2.3"), addr("fd00::1"), scoped("fe80::1", 3)));

    private static InetAddress scoped(String literal, int scopeId) {
        try {
            return java.net.Inet6Address.getByAddress(null, addr(literal).getAddress(), scopeId);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress addr(String literal) {
        return HostHeaderPolicy.literal(literal);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "192.168.77.1:5000     | OURS",     // upnpc, miniupnpc Python, GUPnP, jUPnP
            "192.168.77.1          | OURS",
            " 192.168.77.1:5000    | OURS",
            "10.1.2.3:5000         | OURS",     // another of our LAN addresses
            "[fd00::1]:5000        | OURS",
            "[FD00:0:0::1]         | OURS",
            "192.168.77.1:80       | FOREIGN",  // another port
            "192.168.77.2:5000     | FOREIGN",
            "router.example:5000   | FOREIGN",  // DNS rebinding
            "router.example        | FOREIGN",
            "192.168.077.1:5000    | FOREIGN",  // leading zeros: octal to inet_aton and browsers
            "3232255233:5000       | FOREIGN",  // integer form is never resolved
            "192.168.77.256        | FOREIGN",
            "192.168.77.1:         | INVALID",
            "192.168.77.1:x        | INVALID",
            "192.168.77.1:99999999 | INVALID",
            "fd00::1               | INVALID",  // unbracketed IPv6
            "[fd00::1              | INVALID",
            "[fd00::1]x            | INVALID",
            "[fe80::1%lan0]:5000   | OURS",     // Python 3.11 http.client: bare zone, the client's interface
            "[fe80::1%25lan0]:5000 | OURS",     // RFC 6874 form, as libminiupnpc copies it from a URL
            "[fe80::1]:5000        | OURS",     // link-local without zone (gssdp/GUPnP, curl -g with scope dropped)
            "[FE80::1%7]           | OURS",     // numeric zone
            "[fe80::1%25]          | OURS",     // bare zone "25" (an interface index)
            "[fe80::2%lan0]:5000   | FOREIGN",  // another host's link-local address
            "[fe80::1%lan0]:80     | FOREIGN",
            "[fd00::1%lan0]:5000   | INVALID",  // a zone on an address that has no scope
            "[192.168.77.1%lan0]   | INVALID",
            "[fe80::1%]:5000       | INVALID",
            "[fe80::1%25%25]:5000  | INVALID",
            "[fe80::1%lan/0]:5000  | INVALID",
            "[fe80::1%lan 0]:5000  | INVALID",
            "[fe80::1%ｌan0]:5000  | INVALID",  // non-ASCII zone
            "[fe80::1%lan0%lan0]   | INVALID",
            "192.168.77.1:５０００   | INVALID",  // fullwidth digits are not a port
            "[fe80::١]:5000        | INVALID",  // Arabic-Indic digit is not hex
            "[]:5000               | INVALID",
            "a b                   | INVALID",
            "user@192.168.77.1     | INVALID"})
    void judgesOneHostField(String host, Verdict verdict) {
        assertThat(policy.judge(List.of(host), true, LOCAL)).isEqualTo(verdict);
    }

    @org.junit.jupiter.api.Test
    void zonesLongerThanTheLimitAreInvalid() {
        String ok = "z".repeat(HostHeaderPolicy.MAX_ZONE_CHARS);
        assertThat(policy.judge(List.of("[fe80::1%" + ok + "]:5000"), true, LOCAL)).isEqualTo(Verdict.OURS);
        assertThat(policy.judge(List.of("[fe80::1%" + ok + "z]:5000"), true, LOCAL)).isEqualTo(Verdict.INVALID);
    }

    @ParameterizedTest
    @CsvSource({"true, INVALID", "false, ABSENT_ALLOWED"})
    void absentHostIsAllowedOnlyInHttp10(boolean http11, Verdict verdict) {
        assertThat(policy.judge(List.of(), http11, LOCAL)).isEqualTo(verdict);
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void twoHostFieldsAreInvalid(boolean http11) {
        assertThat(policy.judge(List.of("192.168.77.1", "192.168.77.1"), http11, LOCAL)).isEqualTo(Verdict.INVALID);
    }
}
