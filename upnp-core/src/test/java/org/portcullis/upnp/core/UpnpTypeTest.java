package org.portcullis.upnp.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpnpTypeTest {
    @Test
    void parsesAndPrints() {
        UpnpType t = UpnpType.parse("urn:schemas-upnp-org:service:WANIPConnection:2");
        assertThat(t).isEqualTo(UpnpType.service("WANIPConnection", 2));
        assertThat(t.urn()).isEqualTo("urn:schemas-upnp-org:service:WANIPConnection:2");
        assertThat(t.withVersion(1).sameTypeAs(t)).isTrue();
        assertThat(UpnpType.parse("urn:schemas-upnp-org:device:InternetGatewayDevice:1").kind())
                .isEqualTo(UpnpType.Kind.DEVICE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "urn", "urn:a:b", "urn:schemas-upnp-org:thing:X:1",
        "urn:schemas-upnp-org:service:X:", "urn:schemas-upnp-org:service:X:0",
        "urn:schemas-upnp-org:service:X:1:2", "urn:schemas-upnp-org:service::1",
        "urn:schemas-upnp-org:service:X:9999999999", "urn:schemas-upnp-org:service:X:-1",
        "urn:schemas upnp:service:X:1"})
    void rejectsMalformed(String text) {
        assertThatThrownBy(() -> UpnpType.parse(text)).isExactlyInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void udnRoundTripAndDerivation() {
        Udn u = Udn.derived("gateway-1/root");
        assertThat(Udn.parse(u.toString())).isEqualTo(u);
        assertThat(Udn.derived("gateway-1/root")).isEqualTo(u);
        assertThat(Udn.derived("gateway-2/root")).isNotEqualTo(u);
        assertThatThrownBy(() -> Udn.parse("uuid:nope")).isExactlyInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorCodesAreUnique() {
        assertThat(UpnpErrorCode.of(718)).contains(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY);
        assertThat(UpnpErrorCode.of(999)).isEmpty();
        assertThat(java.util.Arrays.stream(UpnpErrorCode.values()).map(UpnpErrorCode::code).distinct().count())
                .isEqualTo(UpnpErrorCode.values().length);
        assertThat(new UpnpException(UpnpErrorCode.INVALID_ARGS).errorCode()).isEqualTo(402);
    }
}
