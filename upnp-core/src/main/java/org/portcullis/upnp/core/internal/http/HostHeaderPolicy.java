package org.portcullis.upnp.core.internal.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * DNS-rebinding defence (security.md, "Filet-O-Firewall and DNS rebinding"): a request's {@code Host} must name one
 * of the server's own bound addresses as an IP literal, optionally with the connection's port; IPv6 literals in
 * brackets. A browser tricked into talking to the device through a rebound name sends that name and is refused.
 * Real control points (upnpc/libminiupnpc, the miniupnpc Python binding, GUPnP, jUPnP) send
 * {@code Host: <ip>:<port>} taken from the LOCATION URL, which passes. A bracketed link-local literal may carry a
 * zone, {@code [fe80::1%25lan0]} (RFC 6874) or {@code [fe80::1%lan0]} (Python); the zone is the client's interface
 * and is ignored, the address must be ours. No name is ever resolved here.
 */
public final class HostHeaderPolicy {
    /** What a request's Host fields say. */
    public enum Verdict {
        /** One Host naming one of our addresses (and our port, if any). */
        OURS,
        /** Absent in an HTTP/1.0 request: allowed. */
        ABSENT_ALLOWED,
        /** Absent in HTTP/1.1, repeated, or not a {@code host[:port]} value: 400. */
        INVALID,
        /** A well-formed Host naming another host or port: 403. */
        FOREIGN
    }

    /** Longest zone accepted in a bracketed link-local Host (interface names are at most 15 bytes on Linux). */
    static final int MAX_ZONE_CHARS = 64;

    private final Supplier<? extends Collection<InetAddress>> own;

    /** @param own the server's addresses at the time of each request (they change when the LAN changes) */
    public HostHeaderPolicy(Supplier<? extends Collection<InetAddress>> own) {
        this.own = own;
    }

    /**
     * Judges a request's Host fields.
     *
     * @param values the values of every Host field
     * @param http11 whether the request is HTTP/1.1 (Host mandatory, RFC 9112 §3.2)
     * @param local  the address the connection arrived on
     */
    public Verdict judge(List<String> values, boolean http11, InetSocketAddress local) {
        if (values.isEmpty()) {
            return http11 ? Verdict.INVALID : Verdict.ABSENT_ALLOWED;
        }
        if (values.size() > 1) {
            return Verdict.INVALID;
        }
        String v = values.get(0).trim();
        String host;
        String port = null;
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            if (end < 0) {
                return Verdict.INVALID;
            }
            host = v.substring(1, end);
            String rest = v.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Verdict.INVALID;
                }
                port = rest.substring(1);
            }
            int percent = host.indexOf('%');
            String zone = null;
            if (percent >= 0) {
                zone = zone(host.substring(percent + 1));
                host = host.substring(0, percent);
                if (zone == null) {
                    return Verdict.INVALID;
                }
            }
            if (host.isEmpty() || !host.chars().allMatch(c -> isHexDigit(c) || c == ':' || c == '.')) {
                return Verdict.INVALID;
            }
            if (zone != null) {
                InetAddress scoped = literal(host);
                if (scoped == null || !scoped.isLinkLocalAddress()) {
                    return Verdict.INVALID; // RFC 4007: only scoped (here: link-local) addresses carry a zone
                }
            }
        } else {
            int colon = v.indexOf(':');
            if (colon >= 0 && colon != v.lastIndexOf(':')) {
                return Verdict.INVALID; // an IPv6 literal must be bracketed
            }
            host = colon < 0 ? v : v.substring(0, colon);
            port = colon < 0 ? null : v.substring(colon + 1);
            if (host.isEmpty() || !host.chars().allMatch(c -> c < 0x7f && c > 0x20 && c != '/' && c != '@')) {
                return Verdict.INVALID;
            }
        }
        if (port != null && (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(HostHeaderPolicy::isDigit)
                || Integer.parseInt(port) != local.getPort())) {
            // ASCII digits only: Character.isDigit and Integer.parseInt would also take other scripts' digits
            boolean wellFormed = !port.isEmpty() && port.length() <= 5
                    && port.chars().allMatch(HostHeaderPolicy::isDigit);
            return wellFormed ? Verdict.FOREIGN : Verdict.INVALID;
        }
        InetAddress address = literal(host);
        if (address == null) {
            return Verdict.FOREIGN;
        }
        return own.get().contains(address) || address.equals(local.getAddress()) ? Verdict.OURS : Verdict.FOREIGN;
    }

    /**
     * The zone of a bracketed link-local literal, as control points send it: RFC 6874's {@code %25<zone>} (libminiupnpc
     * copies it from the URL) or a bare {@code %<zone>} (Python's http.client sends {@code Host: [fe80::1%lan0]:port}).
     * The zone names the <em>client's</em> interface, so its value means nothing here and is only checked to be a
     * short run of RFC 3986 unreserved characters; null when it is not.
     */
    static String zone(String raw) {
        String z = raw.length() > 2 && raw.startsWith("25") ? raw.substring(2) : raw;
        if (z.isEmpty() || z.length() > MAX_ZONE_CHARS) {
            return null;
        }
        for (int i = 0; i < z.length(); i++) {
            char c = z.charAt(i);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!unreserved) {
                return null;
            }
        }
        return z;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The address of an IPv4 dotted-quad or IPv6 literal; null for anything else (names are never resolved). */
    static InetAddress literal(String host) {
        try {
            if (host.indexOf(':') >= 0) {
                // With a colon InetAddress parses an IPv6 literal or throws; it does not look names up.
                return InetAddress.getByName(host);
            }
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                String p = parts[i];
                // Leading zeros are refused: inet_aton and browsers read them as octal.
                if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                        || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return null;
                }
                int n = Integer.parseInt(p);
                if (n > 255) {
                    return null;
                }
                b[i] = (byte) n;
            }
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
