package org.portcullis.upnp.gena.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.gena.Sid;

class GenaHeadersTest {
    @Test
    void callbackListsParseInOrder() throws Exception {
        assertThat(GenaHeaders.parseCallback("<http://192.168.1.20:49152/evt>", 3, 256))
                .containsExactly(URI.create("http://192.168.1.20:49152/evt"));
        assertThat(GenaHeaders.parseCallback(" <http://10.0.0.2/a> \t<HTTP://10.0.0.3:8080/b?x=1> ", 3, 256))
                .containsExactly(URI.create("http://10.0.0.2/a"), URI.create("HTTP://10.0.0.3:8080/b?x=1"));
        assertThat(GenaHeaders.parseCallback("<http://[fe80::1]:80/>", 3, 256)).hasSize(1);
    }

    @Test
    void callbackRefusalsCarryTheirReason() {
        assertReason("http://10.0.0.2/", GenaDecodingException.Reason.MALFORMED);
        assertReason("<http://10.0.0.2/", GenaDecodingException.Reason.MALFORMED);
        assertReason("", GenaDecodingException.Reason.MALFORMED);
        assertReason("<http://a/><http://b/><http://c/><http://d/>", GenaDecodingException.Reason.TOO_MANY);
        assertReason("<http://10.0.0.2/" + "x".repeat(300) + ">", GenaDecodingException.Reason.TOO_LONG);
        assertReason("<https://10.0.0.2/>", GenaDecodingException.Reason.BAD_URL);
        assertReason("<file:///etc/passwd>", GenaDecodingException.Reason.BAD_URL);
        assertReason("<http://u:p@10.0.0.2/>", GenaDecodingException.Reason.BAD_URL);
        assertReason("<http://10.0.0.2:0/>", GenaDecodingException.Reason.BAD_URL);
        assertReason("<http://10.0.0.2:65536/>", GenaDecodingException.Reason.BAD_URL);
        assertReason("<http:///nohost>", GenaDecodingException.Reason.BAD_URL);
        assertReason("<http://10.0.0.2/a b>", GenaDecodingException.Reason.BAD_URL);
    }

    private static void assertReason(String value, GenaDecodingException.Reason reason) {
        assertThatThrownBy(() -> GenaHeaders.parseCallback(value, 3, 256))
                .isInstanceOf(GenaDecodingException.class)
                .satisfies(e -> assertThat(((GenaDecodingException) e).reason()).isEqualTo(reason));
    }

    @Test
    void timeoutForms() throws Exception {
        assertThat(GenaHeaders.parseTimeout("Second-1800")).hasValue(1800);
        assertThat(GenaHeaders.parseTimeout(" second-7 ")).hasValue(7);
        assertThat(GenaHeaders.parseTimeout("Second-infinite")).isEqualTo(OptionalLong.empty());
        assertThat(GenaHeaders.parseTimeout("Second-99999999999999999999")).hasValue(Long.MAX_VALUE);
        for (String bad : new String[] {"1800", "Second-", "Second--1", "Second-1e3", "Minute-3", "Second-123456789012345678901"}) {
            assertThatThrownBy(() -> GenaHeaders.parseTimeout(bad)).as(bad).isInstanceOf(GenaDecodingException.class);
        }
        assertThat(GenaHeaders.formatTimeout(1800)).isEqualTo("Second-1800");
    }

    @Test
    void sidAndSeq() throws Exception {
        Sid sid = Sid.random();
        assertThat(GenaHeaders.parseSid(" " + sid.value() + " ")).isEqualTo(sid);
        for (String bad : new String[] {"", "uuid:", "6f8b2c1e-0c5e-4c5b-9a3e-2f1d0c9b8a7e",
                "uuid:6f8b2c1e-0c5e-4c5b-9a3e-2f1d0c9b8a7", "uuid:6f8b2c1e_0c5e-4c5b-9a3e-2f1d0c9b8a7e",
                "uuid:6f8b2c1e-0c5e-4c5b-9a3e-2f1d0c9b8a7ez"}) {
            assertThatThrownBy(() -> GenaHeaders.parseSid(bad)).as(bad).isInstanceOf(GenaDecodingException.class);
        }
        assertThat(GenaHeaders.parseSeq("0")).isZero();
        assertThat(GenaHeaders.parseSeq("00042")).isEqualTo(42);
        assertThat(GenaHeaders.parseSeq("4294967295")).isEqualTo(GenaHeaders.MAX_SEQ);
        assertThatThrownBy(() -> GenaHeaders.parseSeq("4294967296")).isInstanceOf(GenaDecodingException.class);
        assertThatThrownBy(() -> GenaHeaders.parseSeq("-1")).isInstanceOf(GenaDecodingException.class);
    }

    @Test
    void seqStartsAtZeroAndWrapsToOne() {
        assertThat(GenaHeaders.nextSeq(0)).isEqualTo(1);
        assertThat(GenaHeaders.nextSeq(41)).isEqualTo(42);
        assertThat(GenaHeaders.nextSeq(4294967294L)).isEqualTo(4294967295L);
        assertThat(GenaHeaders.nextSeq(4294967295L)).isEqualTo(1);
        assertThatThrownBy(() -> GenaHeaders.nextSeq(4294967296L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ntMatchesOnlyUpnpEvent() {
        assertThat(GenaHeaders.isEventNt("upnp:event")).isTrue();
        assertThat(GenaHeaders.isEventNt(" upnp:event ")).isTrue();
        assertThat(GenaHeaders.isEventNt("upnp:propchange")).isFalse();
        assertThat(GenaHeaders.isEventNt("UPNP:EVENT")).isFalse();
    }
}
