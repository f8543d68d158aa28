package org.portcullis.upnp.igd.internal.wanip;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.portcullis.upnp.core.http.UpnpHttpHandler;
import org.portcullis.upnp.core.http.UpnpHttpResponse;
import org.portcullis.upnp.igd.PortMapping;

/**
 * The PortMappingList XML of GetListOfPortMappings (WANIPConnection:2 §2.3.22, spec/igd.md §5.3), and the route
 * wrapper that sends it as CDATA.
 *
 * <p>Why CDATA: the SOAP writer escapes the fragment ({@code &lt;p:PortMappingList...}), which conforming parsers
 * decode, but libminiupnpc's reply parser does not decode entities; it takes CDATA or raw markup only, as miniupnpd
 * sends. A CDATA section is decoded identically by conforming parsers, so it serves both.
 */
public final class PortListing {
    private static final String OPEN = "<NewPortListing>";
    private static final String CLOSE = "</NewPortListing>";

    private PortListing() {}

    static String xml(List<PortMapping> mappings, Instant now) {
        StringBuilder b = new StringBuilder(128 + 320 * mappings.size());
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<p:PortMappingList xmlns:p=\"urn:schemas-upnp-org:gw:WANIPConnection\" ")
                .append("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ")
                .append("xsi:schemaLocation=\"urn:schemas-upnp-org:gw:WANIPConnection ")
                .append("http://www.upnp.org/schemas/gw/WANIPConnection-v2.xsd\">");
        for (PortMapping m : mappings) {
            b.append("<p:PortMappingEntry>");
            field(b, "NewRemoteHost", m.remoteHost());
            field(b, "NewExternalPort", Integer.toString(m.externalPort()));
            field(b, "NewProtocol", m.protocol().name());
            field(b, "NewInternalPort", Integer.toString(m.internalPort()));
            field(b, "NewInternalClient", m.internalClient().getHostAddress());
            field(b, "NewEnabled", m.enabled() ? "1" : "0");
            field(b, "NewDescription", m.description());
            field(b, "NewLeaseTime", Long.toString(m.remainingSeconds(now)));
            b.append("</p:PortMappingEntry>");
        }
        return b.append("</p:PortMappingList>").toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append("<p:").append(name).append('>');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n') {
                        b.append(c);
                    }
                }
            }
        }
        b.append("</p:").append(name).append('>');
    }

    /** Wraps a control route so that a NewPortListing out-argument leaves as one CDATA section. */
    public static UpnpHttpHandler asCdata(UpnpHttpHandler control) {
        return request -> control.handle(request).thenApply(PortListing::rewrite);
    }

    static UpnpHttpResponse rewrite(UpnpHttpResponse r) {
        if (r.status() != 200) {
            return r;
        }
        String body = r.bodyText();
        int start = body.indexOf(OPEN);
        int end = body.indexOf(CLOSE);
        if (start < 0 || end < start) {
            return r;
        }
        String escaped = body.substring(start + OPEN.length(), end);
        String raw = escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&apos;", "'").replace("&#13;", "\r").replace("&amp;", "&");
        String cdata = "<![CDATA[" + raw.replace("]]>", "]]]]><![CDATA[>") + "]]>";
        String out = body.substring(0, start + OPEN.length()) + cdata + body.substring(end);
        return new UpnpHttpResponse(r.status(), r.contentType(), r.headers(), out.getBytes(StandardCharsets.UTF_8));
    }

}
