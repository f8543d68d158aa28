package org.portcullis.upnp.ssdp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.portcullis.upnp.ssdp.codec.SsdpDecoder;
import org.portcullis.upnp.ssdp.codec.SsdpDecodingException;
import org.portcullis.upnp.ssdp.codec.SsdpEncoder;
import org.portcullis.upnp.ssdp.codec.SsdpLimits;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * Every message kind the device sends (ssdp:alive, ssdp:byebye, ssdp:update, search response) and the M-SEARCH a
 * control point sends survive encode/decode with fuzzed field values, keep their kind's invariants, and fit the
 * default datagram limit when their fields are of ordinary size; search-target matching never fails on arbitrary
 * targets and only ever echoes a notification or the requested target. {@code JAZZER_FUZZ=1} fuzzes.
 */
class SsdpMessagesFuzzTest {
    private static final SsdpLimits ROOMY = new SsdpLimits(65507, 65507, 256);
    private static final NotificationSet SET = new NotificationSet(Fixtures.IGD2);

    @FuzzTest(maxDuration = "30s")
    void everyKindRoundTrips(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 4);
        Notification n;
        SsdpMessages messages;
        SsdpMessage m;
        try {
            n = data.consumeBoolean() ? data.pickValue(SET.all())
                    : new Notification(data.consumeAsciiString(80).strip(), data.consumeAsciiString(120).strip());
            messages = new SsdpMessages(data.consumeAsciiString(60).strip(),
                    "http://" + data.consumeAsciiString(100).strip(), data.consumeAsciiString(80).strip(),
                    data.consumeInt(0, 100_000), data.consumeLong(0, Integer.MAX_VALUE - 1L),
                    data.consumeInt(0, 16_777_215), data.consumeBoolean() ? 1900 : data.consumeInt(49152, 65535));
            m = switch (kind) {
                case 0 -> messages.alive(n);
                case 1 -> messages.byebye(n);
                case 2 -> messages.update(n, messages.bootId() + 1 + data.consumeInt(0, 1000));
                case 3 -> messages.response(n, ZonedDateTime.ofInstant(
                        Instant.ofEpochSecond(data.consumeLong(0, 253402300799L)), ZoneOffset.UTC));
                default -> SsdpMessage.builder(SsdpMessage.Kind.M_SEARCH)
                        .header("HOST", "239.255.255.250:1900")
                        .header("MAN", SearchRules.MAN_DISCOVER)
                        .header("MX", Integer.toString(data.consumeInt(0, 200)))
                        .header("ST", n.nt())
                        .build();
            };
        } catch (IllegalArgumentException e) {
            return; // a fuzzed value with control characters or a bad NEXTBOOTID: refused before the wire
        }
        byte[] wire = SsdpEncoder.encode(m);
        SsdpMessage back;
        try {
            back = SsdpDecoder.decode(wire, ROOMY);
        } catch (SsdpDecodingException e) {
            throw new AssertionError("encoded " + m + " did not decode: " + e.getMessage(), e);
        }
        assertThat(back).isEqualTo(m);
        switch (kind) {
            case 0 -> assertThat(back.header("NTS")).hasValue("ssdp:alive");
            case 1 -> assertThat(back.header("LOCATION")).isEmpty();
            case 2 -> assertThat(Long.parseLong(back.header("NEXTBOOTID.UPNP.ORG").orElseThrow()))
                    .isGreaterThan(Long.parseLong(back.header("BOOTID.UPNP.ORG").orElseThrow()));
            case 3 -> assertThat(back.header("EXT")).hasValue("");
            default -> assertThat(back.kind()).isEqualTo(SsdpMessage.Kind.M_SEARCH);
        }
        if (n.nt().length() < 100 && n.usn().length() < 150 && kind < 4) {
            assertThat(wire.length).isLessThanOrEqualTo(SsdpLimits.DEFAULT.maxDatagramBytes());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void matchArbitraryTarget(FuzzedDataProvider data) {
        String st = data.consumeRemainingAsString().strip();
        List<Notification> hits = SET.match(st);
        for (Notification h : hits) {
            assertThat(SET.all().contains(h) || h.nt().equals(st)).as("hit %s for %s", h, st).isTrue();
        }
        assertThat(hits.size()).isLessThanOrEqualTo(SET.all().size());
    }
}
