package org.portcullis.upnp.igd.client.internal;

import com.ctc.wstx.exc.WstxLazyException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.internal.xml.SafeXml;
import org.portcullis.upnp.core.internal.xml.XmlLimits;
import org.portcullis.upnp.igd.client.Gateway;
import org.portcullis.upnp.igd.client.GatewayException;
import org.portcullis.upnp.igd.client.GatewayException.Kind;

/**
 * Reads a device description (UDA 1.1 §2.3) from an untrusted device and picks the connection service.
 *
 * <p>Lenient where real gateways differ: elements are matched by local name whatever their namespace (some omit
 * {@code urn:schemas-upnp-org:device-1-0} or use a prefix), text is trimmed, services may sit at any device depth,
 * and URLs may be absolute, absolute paths, or relative to {@code URLBase} (UDA 1.0) or to the description URL.
 * Strict where it matters: hardened {@link SafeXml} with a DOCTYPE refused, and a control URL on another host than
 * the description is refused, so that a device cannot direct our requests at a third host.
 */
public final class DescriptionParser {
    /** Larger than the reader default: real descriptions of IGD:2 trees with icons hold several hundred elements. */
    static final XmlLimits LIMITS = new XmlLimits(24, 2048, 16, 1024, 8192, 262_144);
    private static final XMLInputFactory FACTORY = SafeXml.inputFactory(LIMITS);
    private static final String DOMAIN = UpnpType.UPNP_DOMAIN;

    /** What the description says about one service. */
    public record Service(String serviceType, String controlUrl) {}

    /** The parts of a description the client uses. */
    public record Description(String urlBase, String friendlyName, String manufacturer, String modelName,
            String modelNumber, List<Service> services) {
        public Description {
            services = List.copyOf(services);
        }
    }

    private DescriptionParser() {}

    /** Parses {@code document} and builds the {@link Gateway} for {@code location}. */
    public static Gateway gateway(URI location, String server, byte[] document) throws GatewayException {
        Description d = parse(document);
        Service chosen = choose(d.services()).orElseThrow(() -> GatewayException.of(Kind.UNSUPPORTED,
                "no WANIPConnection or WANPPPConnection service in " + Text.clip(location.toString())));
        URI base = base(location, d.urlBase());
        URI control = resolve(base, chosen.controlUrl());
        if (!sameHost(control, location)) {
            throw GatewayException.of(Kind.MALFORMED, "control URL " + Text.clip(control.toString())
                    + " is not on the description's host");
        }
        return new Gateway(location, server, d.friendlyName(), d.manufacturer(), d.modelName(), d.modelNumber(),
                UpnpType.parse(chosen.serviceType()), control);
    }

    /** WANIPConnection:2 or later first, then WANIPConnection:1, then WANPPPConnection:1. */
    static Optional<Service> choose(List<Service> services) {
        return services.stream()
                .filter(s -> rank(s) > 0 && !s.controlUrl().isEmpty())
                .max(Comparator.comparingInt(DescriptionParser::rank));
    }

    private static int rank(Service s) {
        UpnpType t;
        try {
            t = UpnpType.parse(s.serviceType());
        } catch (IllegalArgumentException e) {
            return 0;
        }
        if (t.kind() != UpnpType.Kind.SERVICE || !t.domain().equals(DOMAIN)) {
            return 0;
        }
        if (t.type().equals("WANIPConnection")) {
            return t.version() >= 2 ? 3 : 2;
        }
        return t.type().equals("WANPPPConnection") ? 1 : 0;
    }

    /** The base for relative URLs: a usable {@code URLBase}, else the description URL. */
    static URI base(URI location, String urlBase) {
        if (urlBase != null && !urlBase.isEmpty()) {
            try {
                URI u = new URI(urlBase);
                if ("http".equalsIgnoreCase(u.getScheme()) && u.getHost() != null) {
                    return u;
                }
            } catch (URISyntaxException e) {
                // an unusable URLBase is ignored, as UDA 1.1 removed it
            }
        }
        return location;
    }

    /** Resolves {@code url} against {@code base}; an empty path in the base counts as "/". */
    static URI resolve(URI base, String url) throws GatewayException {
        try {
            URI ref = new URI(url.replace(" ", "%20"));
            if (ref.isAbsolute()) {
                return ref.normalize();
            }
            URI b = base;
            if (b.getRawPath() == null || b.getRawPath().isEmpty()) {
                b = new URI(b.getScheme(), b.getRawAuthority(), "/", null, null);
            }
            return b.resolve(ref).normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw GatewayException.of(Kind.MALFORMED, "bad URL in description: " + Text.clip(url), e);
        }
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && b.getHost() != null
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT));
    }

    /** Parses the parts of a description the client needs. */
    public static Description parse(byte[] document) throws GatewayException {
        try {
            XMLStreamReader r = SafeXml.reader(FACTORY, document);
            try {
                return read(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException | WstxLazyException | IllegalArgumentException | IllegalStateException e) {
            // Woodstox reports some errors (bad character references, found by HostileInputTest) only when the
            // token is read, as the unchecked WstxLazyException.
            throw GatewayException.of(Kind.MALFORMED, "unreadable description: " + Text.clip(String.valueOf(
                    e.getMessage())));
        }
    }

    private static Description read(XMLStreamReader r) throws XMLStreamException, GatewayException {
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        String urlBase = null;
        String[] root = {"", "", "", ""};
        int rootDeviceDepth = -1;
        List<Service> services = new ArrayList<>();
        String serviceType = "";
        String controlUrl = "";
        boolean sawRoot = false;
        while (r.hasNext()) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.DTD -> throw GatewayException.of(Kind.MALFORMED, "DOCTYPE in description");
                case XMLStreamConstants.START_ELEMENT -> {
                    String name = r.getLocalName();
                    if (path.isEmpty()) {
                        if (!name.equals("root")) {
                            throw GatewayException.of(Kind.MALFORMED, "document element is not <root>");
                        }
                        sawRoot = true;
                    }
                    path.push(name);
                    text.setLength(0);
                    if (name.equals("device") && rootDeviceDepth < 0) {
                        rootDeviceDepth = path.size();
                    } else if (name.equals("service")) {
                        serviceType = "";
                        controlUrl = "";
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(r.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    String name = path.pop();
                    String value = text.toString().strip();
                    text.setLength(0);
                    String parent = path.peek();
                    if (name.equals("URLBase") && path.size() == 1) {
                        urlBase = value;
                    } else if ("service".equals(parent)) {
                        if (name.equals("serviceType")) {
                            serviceType = value;
                        } else if (name.equals("controlURL")) {
                            controlUrl = value;
                        }
                    } else if (name.equals("service")) {
                        services.add(new Service(serviceType, controlUrl));
                    } else if ("device".equals(parent) && path.size() == rootDeviceDepth) {
                        switch (name) {
                            case "friendlyName" -> root[0] = value;
                            case "manufacturer" -> root[1] = value;
                            case "modelName" -> root[2] = value;
                            case "modelNumber" -> root[3] = value;
                            default -> { }
                        }
                    }
                }
                default -> { }
            }
        }
        if (!sawRoot || rootDeviceDepth < 0) {
            throw GatewayException.of(Kind.MALFORMED, "description has no device");
        }
        return new Description(urlBase, Text.clip(root[0]), Text.clip(root[1]), Text.clip(root[2]),
                Text.clip(root[3]), services);
    }
}
