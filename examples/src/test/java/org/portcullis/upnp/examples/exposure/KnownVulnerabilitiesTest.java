package org.portcullis.upnp.examples.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownVulnerabilitiesTest {
    @ParameterizedTest(name = "{0} -> [{1}] {2}")
    @CsvSource(delimiter = '|', value = {
        // SERVER header                                                | products          | advisories
        "Debian/6.1 UPnP/1.1 MiniUPnPd/2.3.1                            | MiniUPnPd 2.3.1   | ''",
        "Linux/2.6 UPnP/1.0 MiniUPnPd/2.2.0                             | MiniUPnPd 2.2.0   | ''",
        "OpenWRT/18.06 UPnP/1.1 MiniUPnPd/2.1                           | MiniUPnPd 2.1     | CVE-2019-12106..CVE-2019-12111",
        "Ubuntu/16.04 UPnP/1.1 MiniUPnPd/2.0.20180222                   | MiniUPnPd 2.0.20180222 | CVE-2019-12106..CVE-2019-12111",
        "x/1 UPnP/1.0 MiniUPnPd/1.5                                     | MiniUPnPd 1.5     | CVE-2019-12106..CVE-2019-12111",
        "x/1 UPnP/1.0 MiniUPnPd/1.4                                     | MiniUPnPd 1.4     | CVE-2013-1461, CVE-2013-1462;CVE-2019-12106..CVE-2019-12111",
        "x/1 UPnP/1.0 miniupnpd/1.3                                     | MiniUPnPd 1.3     | CVE-2013-0229;CVE-2013-1461, CVE-2013-1462;CVE-2019-12106..CVE-2019-12111",
        "miniupnpd/1.0 UPnP/1.0                                         | MiniUPnPd 1.0     | CVE-2013-0229;CVE-2013-0230;CVE-2013-1461, CVE-2013-1462;CVE-2019-12106..CVE-2019-12111",
        "Linux/2.6.12, UPnP/1.0, Portable SDK for UPnP devices/1.3.1    | libupnp 1.3.1     | CVE-2012-5958..CVE-2012-5965",
        "Linux/3.0 UPnP/1.0 Portable SDK for UPnP devices/1.6.17        | libupnp 1.6.17    | CVE-2012-5958..CVE-2012-5965",
        "Linux/3.0 UPnP/1.0 Portable SDK for UPnP devices/1.6.18        | libupnp 1.6.18    | ''",
        "Linux/5.4, UPnP/1.0, Portable SDK for UPnP devices/1.14.13     | libupnp 1.14.13   | ''",
        "Linux/5.4 UPnP/1.0 pupnp/1.6.6                                 | libupnp 1.6.6     | CVE-2012-5958..CVE-2012-5965",
        "Portcullis/0.1 UPnP/1.1                                        | ''                | ''",
        "Microsoft-Windows/10.0 UPnP/1.0 UPnP-Device-Host/1.0           | ''                | ''",
        "''                                                             | ''                | ''",
        "MiniUPnPd/abc                                                  | ''                | ''"})
    void classifiesServerHeaders(String server, String products, String advisories) {
        assertThat(KnownVulnerabilities.products(server)).map(Object::toString).containsExactlyElementsOf(list(products));
        assertThat(KnownVulnerabilities.check(server)).map(KnownVulnerabilities.Finding::advisory)
                .containsExactlyElementsOf(list(advisories));
    }

    private static List<String> list(String semicolonSeparated) {
        return semicolonSeparated.isEmpty() ? List.of() : Arrays.asList(semicolonSeparated.split(";"));
    }

    @ParameterizedTest
    @CsvSource({"1.6.18, 0", "1.6.17, -1", "1.7, 1", "1.6, -1", "1.6.18.1, 0", "2.1-rc1, 1", "99999999999.1, -1"})
    void versionComparison(String version, int sign) {
        assertThat(Integer.signum(KnownVulnerabilities.compare(KnownVulnerabilities.version(version), 1, 6, 18)))
                .isEqualTo(sign);
    }

    @org.junit.jupiter.api.Test
    void longInputIsBounded() {
        assertThat(KnownVulnerabilities.check("x".repeat(100_000) + " MiniUPnPd/1.0")).isEmpty();
    }
}
