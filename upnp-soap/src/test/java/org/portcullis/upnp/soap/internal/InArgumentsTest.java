package org.portcullis.upnp.soap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.description.DataType;
import org.portcullis.upnp.core.description.StateVariable;

class InArgumentsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ui1|0", "ui1|255", "ui1|007", "ui2|65535", "ui4|4294967295", "i1|-128", "i1|127", "i2|-32768",
        "i4|-2147483648", "i4|2147483647", "boolean|0", "boolean|1", "boolean|TRUE", "boolean|no",
        "boolean|Yes", "string|''", "string|any <text>", "dateTime|2025-01-01T00:00:00",
        "bin.base64|''", "bin.base64|AAEC", "bin.base64|AA\nEC",
    })
    void acceptsValuesOfTheType(String type, String value) throws UpnpException {
        InArguments.checkValue("A", StateVariable.of("V", dataType(type), false), value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ui1|256", "ui1|-1", "ui1|-0", "ui2|65536", "ui4|4294967296", "ui4|''", "ui4|' 1'", "ui4|'1 '", "ui4|'1\t'",
        "ui4|+1", "ui4|1e3", "ui4|\uff11", "i1|-129", "i1|128", "i2|--1", "i4|-", "i4|2147483648",
        "i4|99999999999999999999", "i4|999999999999999999999", "boolean|2", "boolean|''", "boolean|on",
        "bin.base64|@@@@",
    })
    void refusesValuesOfAnotherTypeWith402(String type, String value) {
        assertThatThrownBy(() -> InArguments.checkValue("A", StateVariable.of("V", dataType(type), false), value))
                .isInstanceOfSatisfying(UpnpException.class, e -> assertThat(e.errorCode()).isEqualTo(402));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|true", "1|false", "10|true", "11|false", "100|true", "101|false"})
    void appliesRangeAndStep(long value, boolean ok) {
        StateVariable v = new StateVariable("V", DataType.UI2, false, List.of(), Optional.empty(),
                Optional.of(new StateVariable.Range(0, 100, 10)));
        if (ok) {
            assertThat(check(v, Long.toString(value))).isNull();
        } else {
            assertThat(check(v, Long.toString(value))).isEqualTo(601);
        }
    }

    private static Integer check(StateVariable v, String value) {
        try {
            InArguments.checkValue("A", v, value);
            return null;
        } catch (UpnpException e) {
            return e.errorCode();
        }
    }

    private static DataType dataType(String token) {
        for (DataType t : DataType.values()) {
            if (t.token().equals(token)) {
                return t;
            }
        }
        throw new IllegalArgumentException(token);
    }
}
