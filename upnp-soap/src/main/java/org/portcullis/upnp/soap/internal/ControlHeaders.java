package org.portcullis.upnp.soap.internal;

import java.util.Locale;
import java.util.Optional;
import org.portcullis.upnp.core.UpnpType;

/** Parsing of the control request's HTTP headers: SOAPACTION, Content-Type and the M-POST {@code MAN} header. */
public final class ControlHeaders {
    /** Longest SOAPACTION accepted (CVE-2013-0230: a long SOAPACTION overflowed a stack buffer in miniupnpd). */
    public static final int MAX_SOAP_ACTION_CHARS = 512;

    private static final String ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";

    private ControlHeaders() {}

    /**
     * A parsed SOAPACTION value.
     *
     * @param serviceType the service type before {@code #}
     * @param actionName  the action name after {@code #}
     */
    public record SoapAction(UpnpType serviceType, String actionName) {}

    /**
     * Parses {@code "urn:...:service:Type:v#Action"}: double quotes (pupnp, miniupnpc), single quotes or none
     * (miniupnpd and GUPnP strip both) are accepted; quotes must be balanced.
     *
     * @return empty if the value is not a service type URN, {@code #} and an action name
     */
    public static Optional<SoapAction> parseSoapAction(String header) {
        Optional<String> unquoted = unquote(header);
        if (unquoted.isEmpty()) {
            return Optional.empty();
        }
        String v = unquoted.get();
        int hash = v.indexOf('#');
        if (hash < 0 || hash != v.lastIndexOf('#') || hash == v.length() - 1) {
            return Optional.empty();
        }
        String action = v.substring(hash + 1);
        if (!action.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) {
            return Optional.empty();
        }
        UpnpType type;
        try {
            type = UpnpType.parse(v.substring(0, hash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (type.kind() != UpnpType.Kind.SERVICE) {
            return Optional.empty();
        }
        return Optional.of(new SoapAction(type, action));
    }

    /** True if the SOAPACTION names {@code urn:schemas-upnp-org:control-1-0#QueryStateVariable} (UDA 1.0 §3.3). */
    public static boolean isQueryStateVariable(String header) {
        return unquote(header).filter(v -> v.equals("urn:schemas-upnp-org:control-1-0#QueryStateVariable"))
                .isPresent();
    }

    /** The value without surrounding whitespace and balanced double or single quotes; empty if unbalanced. */
    private static Optional<String> unquote(String header) {
        String v = header.trim();
        if (v.isEmpty() || v.length() > MAX_SOAP_ACTION_CHARS) {
            return Optional.empty();
        }
        char first = v.charAt(0);
        if (first == '"' || first == '\'') {
            if (v.length() < 2 || v.charAt(v.length() - 1) != first) {
                return Optional.empty();
            }
            v = v.substring(1, v.length() - 1);
        }
        return Optional.of(v);
    }

    /** True for {@code text/xml} with no charset or charset UTF-8 (quoted or not), in any case. */
    public static boolean isXmlContentType(String header) {
        String[] parts = header.split(";", -1);
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("text/xml")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                if (p.isEmpty()) {
                    continue;
                }
                return false;
            }
            String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (name.equals("charset") && !value.equalsIgnoreCase("utf-8")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The namespace prefix from an M-POST {@code MAN: "http://schemas.xmlsoap.org/soap/envelope/"; ns=NN} header
     * (UDA 1.0 HTTP Extension Framework), e.g. {@code 01}.
     *
     * @return empty if the header does not name the SOAP envelope with a 1-8 character alphanumeric prefix
     */
    public static Optional<String> manPrefix(String header) {
        String[] parts = header.split(";", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        String uri = parts[0].trim();
        if (uri.length() >= 2 && uri.startsWith("\"") && uri.endsWith("\"")) {
            uri = uri.substring(1, uri.length() - 1);
        }
        if (!uri.equals(ENVELOPE_NS)) {
            return Optional.empty();
        }
        String ns = parts[1].trim();
        if (!ns.toLowerCase(Locale.ROOT).startsWith("ns=")) {
            return Optional.empty();
        }
        String prefix = ns.substring(3).trim();
        if (prefix.isEmpty() || prefix.length() > 8
                || !prefix.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
                        || (c >= 'a' && c <= 'z'))) {
            return Optional.empty();
        }
        return Optional.of(prefix);
    }
}
