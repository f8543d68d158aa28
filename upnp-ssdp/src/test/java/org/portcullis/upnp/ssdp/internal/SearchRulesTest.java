package org.portcullis.upnp.ssdp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchRulesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1            | 1",
        "3            | 3",
        "5            | 5",
        "6            | 5",
        "120          | 5",
        "0001         | 1",
        "99999999999  | 5",
        "0            | -1",
        "-1           | -1",
        "''           | -1",
        "2.5          | -1",
        "two          | -1",
        "'+2'         | -1",
        "1a           | -1",
    })
    void multicastMx(String mx, int expected) {
        assertThat(SearchRules.maxDelaySeconds(true, Optional.of(mx))).isEqualTo(expected);
    }

    @Test
    void multicastWithoutMxIsDropped() {
        assertThat(SearchRules.maxDelaySeconds(true, Optional.empty())).isEqualTo(SearchRules.DROP);
    }

    @Test
    void unicastIsAnsweredAtOnce() {
        assertThat(SearchRules.maxDelaySeconds(false, Optional.empty())).isZero();
        assertThat(SearchRules.maxDelaySeconds(false, Optional.of("3"))).isZero();
        assertThat(SearchRules.maxDelaySeconds(false, Optional.of("junk"))).isZero();
    }

    @Test
    void manMustBeQuoted() {
        assertThat(SearchRules.validMan(Optional.of("\"ssdp:discover\""))).isTrue();
        assertThat(SearchRules.validMan(Optional.of("ssdp:discover"))).isFalse();
        assertThat(SearchRules.validMan(Optional.of("\"SSDP:DISCOVER\""))).isFalse();
        assertThat(SearchRules.validMan(Optional.of(""))).isFalse();
        assertThat(SearchRules.validMan(Optional.empty())).isFalse();
    }
}
