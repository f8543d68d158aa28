package org.portcullis.upnp.ssdp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Laws of the codec: arbitrary bytes give a message or an {@link SsdpDecodingException}, and a decoded message
 * survives encode/decode; any valid message survives encode/decode. Plain {@code mvn test} replays the seeds in
 * {@code SsdpDecoderFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SsdpDecoderFuzzTest {
    /**
     * Re-encoding may grow a message (a space after each colon, the canonical start line), so the second decode
     * gets room for that.
     */
    private static final String[] NAMES = {"HOST", "MAN", "MX", "ST", "NT", "NTS", "USN", "LOCATION", "SERVER",
        "CACHE-CONTROL", "EXT", "DATE", "BOOTID.UPNP.ORG", "CONFIGID.UPNP.ORG", "user-agent", "St", "x"};
    private static final SsdpLimits ROOMY = new SsdpLimits(65507, 65507, 256);

    @FuzzTest(maxDuration = "30s")
    void arbitraryBytes(byte[] data) {
        SsdpMessage m;
        try {
            m = SsdpDecoder.decode(data, SsdpLimits.DEFAULT);
        } catch (SsdpDecodingException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(m.headers()).hasSizeLessThanOrEqualTo(SsdpLimits.DEFAULT_MAX_HEADERS);
        assertThat(decodeOrFail(SsdpEncoder.encode(m), ROOMY)).isEqualTo(m);
    }

    @FuzzTest(maxDuration = "30s")
    void roundTrip(FuzzedDataProvider data) {
        SsdpMessage.Kind kind = data.pickValue(SsdpMessage.Kind.values());
        Map<String, String> headers = new LinkedHashMap<>();
        int count = data.consumeInt(0, 12);
        for (int i = 0; i < count; i++) {
            String name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeAsciiString(24);
            headers.put(name, data.consumeString(200).strip());
        }
        SsdpMessage m;
        try {
            m = new SsdpMessage(kind, headers);
        } catch (IllegalArgumentException e) {
            return; // not a valid message: names that are not tokens, values with controls or edge whitespace
        }
        byte[] wire = SsdpEncoder.encode(m);
        assertThat(decodeOrFail(wire, ROOMY)).isEqualTo(m);
    }

    private static SsdpMessage decodeOrFail(byte[] wire, SsdpLimits limits) {
        try {
            return SsdpDecoder.decode(wire, limits);
        } catch (SsdpDecodingException e) {
            throw new AssertionError("encoder output did not decode: " + e.getMessage(), e);
        }
    }
}
