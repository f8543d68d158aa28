package org.portcullis.upnp.gena.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portcullis.upnp.gena.PropertySet;

/**
 * Laws of the property-set codec: arbitrary bytes give a {@link PropertySet} (which then survives a write/read round
 * trip) or a {@link GenaDecodingException}, nothing else; and {@code read(write(s))} equals {@code s} for every set.
 * Plain {@code mvn test} replays {@code PropertySetFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class PropertySetFuzzTest {
    private static final String NAME_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_\u00e9\u4e2d";
    private static final String NAME_CHARS = NAME_START + "0123456789-.";

    @FuzzTest(maxDuration = "30s")
    void arbitraryBytes(byte[] data) throws GenaDecodingException {
        PropertySet set;
        try {
            set = PropertySetReader.read(data);
        } catch (GenaDecodingException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(PropertySetReader.read(PropertySetWriter.write(set))).isEqualTo(set);
    }

    @FuzzTest(maxDuration = "30s")
    void roundTrip(FuzzedDataProvider data) throws GenaDecodingException {
        int count = data.consumeInt(0, 12);
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int length = data.consumeInt(1, 30);
            StringBuilder name = new StringBuilder();
            for (int j = 0; j < length; j++) {
                String alphabet = j == 0 ? NAME_START : NAME_CHARS;
                name.append(alphabet.charAt(data.consumeInt(0, alphabet.length() - 1)));
            }
            String value = data.consumeString(400);
            if (PropertySet.isXmlText(value)) {
                m.put(name.toString(), value);
            }
        }
        PropertySet set = new PropertySet(m);
        byte[] doc = PropertySetWriter.write(set);
        if (doc.length <= PropertySetReader.DEFAULT_MAX_BYTES) {
            assertThat(PropertySetReader.read(doc)).isEqualTo(set);
        }
    }
}
