package org.portcullis.upnp.examples.exposure;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.portcullis.upnp.igd.client.Gateway;
import org.portcullis.upnp.igd.client.GatewayClient;
import org.portcullis.upnp.igd.client.GatewayException;

/**
 * Checks whether a host answers UPnP from where this runs, the check the 2013 advisories asked router owners to
 * make (spec/security.md): at most {@value SsdpUnicastProbe#MAX_DATAGRAMS} unicast SSDP M-SEARCH datagrams to
 * {@code target:1900}; if one is answered, one GET of the description URL (bounded size and time) and one harmless
 * SOAP {@code GetExternalIPAddress} on the WAN connection service it names. It prints what answered, the SERVER
 * and product versions, and flags implementations with known remote vulnerabilities ({@link KnownVulnerabilities}).
 *
 * <pre>
 * java -cp portcullis-igd.jar org.portcullis.upnp.examples.exposure.ExposureCheck 203.0.113.1 --timeout 3
 * </pre>
 *
 * <p>Exit codes: 0 not exposed, 1 exposed, 2 error (bad arguments, socket failure).
 */
public final class ExposureCheck {
    public static final int NOT_EXPOSED = 0;
    public static final int EXPOSED = 1;
    public static final int ERROR = 2;

    private ExposureCheck() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        ExposureOptions o;
        try {
            o = ExposureOptions.parse(args);
        } catch (ExposureOptions.UsageException e) {
            err.println("ExposureCheck: " + e.getMessage());
            err.print(ExposureOptions.USAGE);
            return ERROR;
        }
        if (o.help()) {
            out.print(ExposureOptions.USAGE);
            return NOT_EXPOSED;
        }
        String target = o.target().getHostAddress();
        SsdpUnicastProbe.Result ssdp;
        try {
            ssdp = SsdpUnicastProbe.probe(new InetSocketAddress(o.target(), o.port()), o.timeout());
        } catch (IOException e) {
            err.println("ExposureCheck: cannot probe " + target + ": " + e.getMessage());
            return ERROR;
        }
        out.println("target: " + target + " udp/" + o.port());
        out.println("ssdp: " + ssdp.answers().size() + " answer(s) to " + ssdp.sent() + " M-SEARCH datagram(s)");
        if (ssdp.answers().isEmpty()) {
            out.println("verdict: NOT EXPOSED (no SSDP answer within " + o.timeout().toSeconds() + " s)");
            return NOT_EXPOSED;
        }
        Set<String> products = new LinkedHashSet<>();
        Optional<String> location = Optional.empty();
        for (SsdpUnicastProbe.Answer a : ssdp.answers()) {
            out.println("  answer: " + clean(a.startLine()) + " ST=" + clean(a.header("ST").orElse(""))
                    + " SERVER=" + clean(a.header("SERVER").orElse("")) + " LOCATION="
                    + clean(a.header("LOCATION").orElse("")));
            a.header("SERVER").map(ExposureCheck::clean).ifPresent(products::add);
            if (location.isEmpty()) {
                location = a.header("LOCATION");
            }
        }
        location.ifPresent(l -> describeAndControl(o, l, products, out));
        boolean flagged = false;
        for (String p : products) {
            for (KnownVulnerabilities.Product product : KnownVulnerabilities.products(p)) {
                out.println("product: " + product);
            }
            for (KnownVulnerabilities.Finding f : KnownVulnerabilities.check(p)) {
                out.println("VULNERABLE: " + f.product() + ": " + f.advisory() + ": " + f.summary());
                flagged = true;
            }
        }
        if (!flagged) {
            out.println("known vulnerable versions: none recognised");
        }
        out.println("verdict: EXPOSED (UPnP answers from here; block UDP 1900 and the UPnP HTTP port on the WAN"
                + " side, or switch UPnP off)");
        return EXPOSED;
    }

    /** Fetches the description (host forced to the target) and tries GetExternalIPAddress. */
    private static void describeAndControl(ExposureOptions o, String location, Set<String> products,
            PrintStream out) {
        URI url;
        try {
            URI given = new URI(location.strip());
            // Exposed devices often announce their LAN address; ask the probed address, never a third host.
            url = new URI("http", null, o.target().getHostAddress(), given.getPort() < 0 ? 80 : given.getPort(),
                    given.getPath(), given.getQuery(), null);
        } catch (URISyntaxException e) {
            out.println("description: LOCATION unusable: " + clean(location));
            return;
        }
        try (GatewayClient client = GatewayClient.builder().timeout(o.timeout()).maxListEntries(1).build()) {
            Gateway g;
            try {
                g = GatewayClient.await(client.describe(url));
            } catch (GatewayException e) {
                out.println("description: " + url + " not usable: " + e.kind() + ": " + clean(e.getMessage()));
                return;
            }
            out.println("description: " + url + " friendlyName=" + clean(g.friendlyName()) + " manufacturer="
                    + clean(g.manufacturer()) + " model=" + clean(g.modelName()) + ' ' + clean(g.modelNumber())
                    + " HTTP Server=" + clean(g.server()));
            if (!g.server().isEmpty()) {
                products.add(clean(g.server()));
            }
            out.println("control: " + g.serviceType().urn() + " at " + g.controlUrl());
            try {
                InetAddress external = GatewayClient.await(client.externalAddress(g));
                out.println("soap: GetExternalIPAddress answered " + external.getHostAddress()
                        + " (the control service is reachable from here)");
            } catch (GatewayException e) {
                out.println("soap: GetExternalIPAddress not answered: " + e.kind()
                        + e.upnpErrorCode().stream().mapToObj(c -> " UPnP error " + c).findFirst().orElse(""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Device text for the terminal: control characters escaped, at most 200 characters. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
