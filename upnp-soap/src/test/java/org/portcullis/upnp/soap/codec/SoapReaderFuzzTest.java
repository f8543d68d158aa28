package org.portcullis.upnp.soap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionRequest;
import org.portcullis.upnp.soap.ActionResponse;
import org.portcullis.upnp.soap.ActionResult;
import org.portcullis.upnp.soap.SoapFault;

/**
 * Laws of the SOAP codec: arbitrary bytes give a value or a {@link SoapDecodingException}, nothing else; and
 * {@code readRequest(writeRequest(r))} equals {@code r} for every request the writer accepts. Plain {@code mvn test}
 * replays the seeds in {@code SoapReaderFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SoapReaderFuzzTest {
    private static final SoapReader READER = SoapReader.create();
    private static final String NAME_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_\u00e9\u4e2d";
    private static final String NAME_CHARS = NAME_START + "0123456789-.\u00b7";

    @FuzzTest(maxDuration = "30s")
    void arbitraryBytes(byte[] data) {
        try {
            ActionRequest request = READER.readRequest(data);
            assertThat(request.actionName()).isNotEmpty();
        } catch (SoapDecodingException e) {
            assertThat(e.reason()).isNotNull();
        }
        try {
            ActionResult result = READER.readResult(data);
            assertThat(result).isNotNull();
        } catch (SoapDecodingException e) {
            assertThat(e.reason()).isNotNull();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void roundTrip(FuzzedDataProvider data) throws SoapDecodingException {
        UpnpType type = UpnpType.service(name(data, 1, 20, true), data.consumeInt(1, 999));
        String action = name(data, 1, 40, false);
        int count = data.consumeInt(0, 12);
        List<ActionArgument> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            args.add(new ActionArgument(name(data, 1, 40, false), xmlText(data.consumeString(600))));
        }
        ActionRequest request = new ActionRequest(type, action, args);
        assertThat(READER.readRequest(SoapWriter.writeRequest(request))).isEqualTo(request);
    }

    @FuzzTest(maxDuration = "30s")
    void resultRoundTrip(FuzzedDataProvider data) throws SoapDecodingException {
        if (data.consumeBoolean()) {
            SoapFault fault = new SoapFault(data.consumeInt(0, 999_999_999), xmlText(data.consumeString(300)));
            assertThat(READER.readResult(SoapWriter.writeFault(fault))).isEqualTo(fault);
            return;
        }
        UpnpType type = UpnpType.service(name(data, 1, 20, true), data.consumeInt(1, 999));
        String action = name(data, 1, 40, false);
        int count = data.consumeInt(0, 12);
        List<ActionArgument> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            args.add(new ActionArgument(name(data, 1, 40, false), xmlText(data.consumeString(600))));
        }
        ActionResponse response = new ActionResponse(type, action, args);
        assertThat(READER.readResult(SoapWriter.writeResponse(response))).isEqualTo(response);
    }

    /** A colon-free XML name built from the fuzzer's bytes (ASCII-only for URN type names). */
    private static String name(FuzzedDataProvider data, int min, int max, boolean urnToken) {
        int length = data.consumeInt(min, max);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            String alphabet = i == 0 ? NAME_START : NAME_CHARS;
            if (urnToken) {
                alphabet = i == 0 ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                        : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
            }
            b.append(alphabet.charAt(data.consumeInt(0, alphabet.length() - 1)));
        }
        return b.toString();
    }

    /** Keeps only XML 1.0 characters (well-formed surrogate pairs included). */
    private static String xmlText(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0xD800)
                    || (c >= 0xE000 && c <= 0xFFFD)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
