package org.portcullis.upnp.examples.exposure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises UPnP implementations in a SERVER header (or another product string) and flags the versions with
 * known remote vulnerabilities (../shared/spec/security.md):
 *
 * <table>
 *   <caption>Flagged versions</caption>
 *   <tr><th>implementation</th><th>versions</th><th>advisory</th></tr>
 *   <tr><td>libupnp (Portable SDK for UPnP devices)</td><td>before 1.6.18</td>
 *       <td>CVE-2012-5958..CVE-2012-5965, SSDP stack overflows</td></tr>
 *   <tr><td>MiniUPnPd</td><td>before 1.4</td><td>CVE-2013-0229, SSDP over-read</td></tr>
 *   <tr><td>MiniUPnPd</td><td>1.0</td><td>CVE-2013-0230, SOAP stack overflow</td></tr>
 *   <tr><td>MiniUPnPd</td><td>1.4 and before</td><td>CVE-2013-1461, CVE-2013-1462, SOAP crashes</td></tr>
 *   <tr><td>MiniUPnPd</td><td>2.1 and before</td><td>CVE-2019-12106..CVE-2019-12111, eventing/pinhole crashes
 *       </td></tr>
 * </table>
 */
public final class KnownVulnerabilities {
    /** One implementation and version found in a product string. */
    public record Product(String name, String version) {
        @Override
        public String toString() {
            return name + ' ' + version;
        }
    }

    /** A known vulnerability of a product. */
    public record Finding(Product product, String advisory, String summary) {}

    private static final Pattern LIBUPNP = Pattern.compile(
            "(?i)(?:portable sdk for upnp devices|libupnp|pupnp)/(\\d+(?:\\.\\d+)*)");
    private static final Pattern MINIUPNPD = Pattern.compile("(?i)miniupnpd/(\\d+(?:\\.\\d+)*)");
    private static final int MAX_INPUT = 512;

    private KnownVulnerabilities() {}

    /** The implementations named in {@code productString} (libupnp, MiniUPnPd). */
    public static List<Product> products(String productString) {
        String s = productString.length() > MAX_INPUT ? productString.substring(0, MAX_INPUT) : productString;
        List<Product> out = new ArrayList<>();
        find(LIBUPNP, s, "libupnp").ifPresent(out::add);
        find(MINIUPNPD, s, "MiniUPnPd").ifPresent(out::add);
        return out;
    }

    private static Optional<Product> find(Pattern p, String s, String name) {
        Matcher m = p.matcher(s);
        return m.find() ? Optional.of(new Product(name, m.group(1))) : Optional.empty();
    }

    /** The known vulnerabilities of the implementations named in {@code productString}. */
    public static List<Finding> check(String productString) {
        List<Finding> out = new ArrayList<>();
        for (Product p : products(productString)) {
            int[] v = version(p.version());
            switch (p.name()) {
                case "libupnp" -> {
                    if (compare(v, 1, 6, 18) < 0) {
                        out.add(new Finding(p, "CVE-2012-5958..CVE-2012-5965",
                                "remote code execution: stack buffer overflows in SSDP (fixed in 1.6.18)"));
                    }
                }
                case "MiniUPnPd" -> {
                    if (compare(v, 1, 4) < 0) {
                        out.add(new Finding(p, "CVE-2013-0229", "buffer over-read in SSDP handling (before 1.4)"));
                    }
                    if (compare(v, 1, 0) == 0) {
                        out.add(new Finding(p, "CVE-2013-0230", "stack overflow in SOAP action handling (1.0)"));
                    }
                    if (compare(v, 1, 4) <= 0) {
                        out.add(new Finding(p, "CVE-2013-1461, CVE-2013-1462",
                                "crash on SOAP requests with missing arguments (1.4 and before)"));
                    }
                    if (compare(v, 2, 1) <= 0) {
                        out.add(new Finding(p, "CVE-2019-12106..CVE-2019-12111",
                                "crashes in eventing and IPv6 pinhole actions (2.1 and before)"));
                    }
                }
                default -> { }
            }
        }
        return out;
    }

    /**
     * The numeric components of a version, at most 4. Comparisons use only as many components as the reference,
     * so a dated snapshot such as 2.1.20190502 counts as 2.1 (flagged conservatively).
     */
    static int[] version(String v) {
        String[] parts = v.split("\\.", 5);
        int n = Math.min(parts.length, 4);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            String digits = parts[i].replaceAll("\\D.*$", "");
            out[i] = digits.isEmpty() || digits.length() > 9 ? 0 : Integer.parseInt(digits);
        }
        return out;
    }

    /** Compares {@code v} with {@code ref} on the components of {@code ref} (missing ones count as 0). */
    static int compare(int[] v, int... ref) {
        for (int i = 0; i < ref.length; i++) {
            int a = i < v.length ? v[i] : 0;
            if (a != ref[i]) {
                return Integer.compare(a, ref[i]);
            }
        }
        return 0;
    }
}
