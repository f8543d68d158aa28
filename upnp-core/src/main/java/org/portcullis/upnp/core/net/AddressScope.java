package org.portcullis.upnp.core.net;

/**
 * What an IP address is, for the LAN-only rule. Only {@link #isLan() LAN scopes} may be bound or accepted as a
 * source; everything else is refused.
 */
public enum AddressScope {
    /** 127.0.0.0/8, ::1. LAN. */
    LOOPBACK(true),
    /** 169.254.0.0/16, fe80::/10. LAN. */
    LINK_LOCAL(true),
    /** RFC 1918 (10/8, 172.16/12, 192.168/16) and IPv6 unique local addresses (fc00::/7). LAN. */
    PRIVATE(true),
    /** RFC 6598 shared address space 100.64.0.0/10: carrier-grade NAT, the ISP's side. Not LAN. */
    SHARED_CGNAT(false),
    /** RFC 5737 / RFC 3849 documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32). Not LAN. */
    DOCUMENTATION(false),
    /** 0.0.0.0, ::. Not a bind address for Portcullis: binding "all interfaces" would include the WAN. */
    UNSPECIFIED(false),
    /** Multicast and broadcast. Not LAN (never a unicast source or bind address). */
    MULTICAST(false),
    /** Everything else, in particular globally routable addresses. Not LAN. */
    PUBLIC(false);

    private final boolean lan;

    AddressScope(boolean lan) {
        this.lan = lan;
    }

    /** Whether the LAN-only rule allows this scope. */
    public boolean isLan() {
        return lan;
    }
}
