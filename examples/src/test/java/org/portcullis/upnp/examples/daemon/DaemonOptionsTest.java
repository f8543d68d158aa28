package org.portcullis.upnp.examples.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DaemonOptionsTest {
    @Test
    void noFlagsMeansDemo() throws Exception {
        DaemonOptions o = DaemonOptions.parse(new String[0]);
        assertThat(o.demo()).isTrue();
        assertThat(o.httpPort()).isZero();
    }

    @Test
    void lanAndWanAreParsed() throws Exception {
        DaemonOptions o = DaemonOptions.parse(
                new String[] {"--lan", "br0", "--lan", "wlan0", "--wan", "eth0", "--http-port", "5000"});
        assertThat(o.demo()).isFalse();
        assertThat(o.lanInterfaces()).containsExactly("br0", "wlan0");
        assertThat(o.wanInterface()).isEqualTo(Optional.of("eth0"));
        assertThat(o.httpPort()).isEqualTo(5000);
    }

    @Test
    void theIpv6InboundPolicyIsOnWhenPinholesAreServedUnlessSwitchedOff() throws Exception {
        String[] nft = {"--lan", "br0", "--wan", "eth0", "--nat", "nftables"};
        assertThat(DaemonOptions.parse(nft).ipv6Firewall()).isTrue();
        assertThat(DaemonOptions.parse(concat(nft, "--igd-version", "1")).ipv6Firewall()).isFalse();
        assertThat(DaemonOptions.parse(concat(nft, "--ipv6-firewall", "off")).ipv6Firewall()).isFalse();
        assertThat(DaemonOptions.parse(concat(nft, "--igd-version", "1", "--ipv6-firewall", "on")).ipv6Firewall())
                .isTrue();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--bogus|unknown option: --bogus",
        "--lan eth0 --wan eth0|eth0 is the WAN interface",
        "--wan eth0|--wan needs at least one --lan",
        "--lan br0 --lan br0|--lan br0 given twice",
        "--http-port 70000|--http-port needs a number from 0 to 65535",
        "--http-port x|--http-port needs a number",
        "--demo --lan br0|--demo cannot be combined",
        "--lan|--lan needs a value",
        "--lan br0 --wan eth0 --ipv6-firewall on|--ipv6-firewall needs --nat nftables",
        "--lan br0 --wan eth0 --nat nftables --ipv6-firewall yes|--ipv6-firewall must be on or off",
    })
    void badFlagsAreUsageErrors(String args, String message) {
        assertThatThrownBy(() -> DaemonOptions.parse(args.split(" ")))
                .isInstanceOf(DaemonOptions.UsageException.class)
                .hasMessageContaining(message);
    }

    @Test
    void usageErrorsExitWith2AndHelpWith0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = IgdDaemon.run(new String[] {"--nope"}, print(out), print(err), false);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option: --nope");

        code = IgdDaemon.run(new String[] {"--help"}, print(out), print(err), false);
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--lan IFACE").contains("--wan IFACE");
    }

    @Test
    void aLanInterfaceThatDoesNotExistIsRefusedByName() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = IgdDaemon.run(new String[] {"--lan", "pcnosuch0"}, print(new ByteArrayOutputStream()),
                print(err), false);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pcnosuch0");
    }

    @Test
    void demoStartsOnLoopbackAndPrintsHowToTryIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = IgdDaemon.run(new String[] {"--demo"}, print(out), print(new ByteArrayOutputStream()), false);
        assertThat(code).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).containsPattern("READY description=http://127\\.0\\.0\\.1:\\d+/rootDesc\\.xml")
                .contains("upnpc -u http://127.0.0.1:");
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

}
