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
            addr("10.1.2.3"), addr("fd00::1")));

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
            "[fe80::1%eth0]:5000   | INVALID",
            "[]:5000               | INVALID",
            "a b                   | INVALID",
            "user@192.168.77.1     | INVALID"})
    void judgesOneHostField(String host, Verdict verdict) {
        assertThat(policy.judge(List.of(host), true, LOCAL)).isEqualTo(verdict);
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
