package org.portcullis.upnp.examples.exposure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExposureOptionsTest {
    @Test
    void defaultsAndValues() throws Exception {
        ExposureOptions o = ExposureOptions.parse("203.0.113.1");
        assertThat(o.target()).isEqualTo(InetAddress.getByName("203.0.113.1"));
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.port()).isEqualTo(1900);
        assertThat(o.help()).isFalse();
        ExposureOptions p = ExposureOptions.parse("--timeout", "7", "2001:db8::1", "--port", "11900");
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(p.port()).isEqualTo(11900);
        assertThat(p.target()).isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(ExposureOptions.parse("--help").help()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "router.example.com", "1.2.3.4 5.6.7.8", "1.2.3.4 --timeout", "1.2.3.4 --timeout 0",
        "1.2.3.4 --timeout 31", "1.2.3.4 --timeout x", "1.2.3.4 --port 70000", "1.2.3.4 --verbose",
        "0.0.0.0", "239.255.255.250", "999.1.1.1", "1.2.3.4 --timeout -1"})
    void badArgumentsAreUsageErrors(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertThatThrownBy(() -> ExposureOptions.parse(args)).isInstanceOf(ExposureOptions.UsageException.class);
    }
}
