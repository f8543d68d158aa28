package org.portcullis.upnp.igd.client.internal;

import com.ctc.wstx.exc.WstxLazyException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.portcullis.upnp.core.internal.xml.SafeXml;
import org.portcullis.upnp.core.internal.xml.XmlLimits;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.client.GatewayException;
import org.portcullis.upnp.igd.client.GatewayException.Kind;
import org.portcullis.upnp.igd.client.RemoteMapping;

/**
 * Builds {@link RemoteMapping}s from GetGenericPortMappingEntry out-arguments and from the
 * {@code NewPortListing} document of GetListOfPortMappings (WANIPConnection:2 §2.5.20, an escaped XML string with
 * {@code <p:PortMappingEntry>} elements).
 */
public final class Mappings {
    private static final XMLInputFactory FACTORY = SafeXml.inputFactory(
            new XmlLimits(8, 16_384, 8, 1024, 1024, 1_048_576));

    private Mappings() {}

    /** An entry from GetGenericPortMappingEntry's out-arguments. */
    public static RemoteMapping fromGenericEntry(Map<String, String> out) throws GatewayException {
        return entry(out, "NewPortMappingDescription", "NewLeaseDuration");
    }

    private static RemoteMapping entry(Map<String, String> v, String descriptionName, String leaseName)
            throws GatewayException {
        Protocol protocol = Protocol.parse(v.get("NewProtocol")).orElseThrow(
                () -> GatewayException.of(Kind.MALFORMED, "entry without a valid NewProtocol"));
        return new RemoteMapping(
                v.getOrDefault("NewRemoteHost", "").strip(),
                port(v.get("NewExternalPort")),
                protocol,
                port(v.get("NewInternalPort")),
                v.getOrDefault("NewInternalClient", "").strip(),
                !"0".equals(v.getOrDefault("NewEnabled", "1").strip()),
                v.getOrDefault(descriptionName, ""),
                Duration.ofSeconds(number(v.getOrDefault(leaseName, "0"), 0xFFFFFFFFL)));
    }

    /** The entries of a {@code NewPortListing} document, at most {@code max}. */
    public static List<RemoteMapping> fromListing(String listing, int max) throws GatewayException {
        List<RemoteMapping> out = new ArrayList<>();
        if (listing.isBlank()) {
            return out;
        }
        try {
            XMLStreamReader r = SafeXml.reader(FACTORY, listing.getBytes(StandardCharsets.UTF_8));
            try {
                Map<String, String> current = null;
                StringBuilder text = new StringBuilder();
                while (r.hasNext() && out.size() < max) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.DTD) {
                        throw GatewayException.of(Kind.MALFORMED, "DOCTYPE in port listing");
                    } else if (ev == XMLStreamConstants.START_ELEMENT) {
                        if (r.getLocalName().equals("PortMappingEntry")) {
                            current = new HashMap<>();
                        }
                        text.setLength(0);
                    } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                        text.append(r.getText());
                    } else if (ev == XMLStreamConstants.END_ELEMENT) {
                        if (r.getLocalName().equals("PortMappingEntry") && current != null) {
                            out.add(entry(current, "NewDescription", "NewLeaseTime"));
                            current = null;
                        } else if (current != null) {
                            current.putIfAbsent(r.getLocalName(), text.toString());
                        }
                        text.setLength(0);
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException | WstxLazyException | IllegalArgumentException | IllegalStateException e) {
            // Woodstox reports some errors (bad character references, found by HostileInputTest) only when the
            // token is read, as the unchecked WstxLazyException.
            throw GatewayException.of(Kind.MALFORMED, "unreadable port listing: "
                    + Text.clip(String.valueOf(e.getMessage())));
        }
        return out;
    }

    private static int port(String s) throws GatewayException {
        long v = number(s, 65535);
        if (v < 1) {
            throw GatewayException.of(Kind.MALFORMED, "port out of range");
        }
        return (int) v;
    }

    private static long number(String s, long max) throws GatewayException {
        Optional<String> t = Optional.ofNullable(s).map(String::strip);
        if (t.isEmpty() || !t.get().matches("\\d{1,10}") || Long.parseLong(t.get()) > max) {
            throw GatewayException.of(Kind.MALFORMED, "not a number in range: " + Text.clip(String.valueOf(s)));
        }
        return Long.parseLong(t.get());
    }
}
