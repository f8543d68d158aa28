package org.portcullis.upnp.igd;

import java.net.Inet6Address;
import java.util.Objects;

/**
 * One inbound IPv6 pinhole of WANIPv6FirewallControl:1 as a {@link org.portcullis.upnp.igd.spi.NatBackend} installs
 * it: packets arriving on the WAN interface from {@code remoteHost}:{@code remotePort} to
 * [{@code internalClient}]:{@code internalPort} with {@code protocol} pass the firewall. The lease is the IGD's
 * business, not the backend's: the IGD removes the rule when it ends.
 *
 * <pre>{@code
 * PinholeRule r = new PinholeRule(7, PinholeRule.ANY_HOST, PinholeRule.ANY_PORT,
 *         (Inet6Address) InetAddress.getByName("fd77::2"), 8080, PinholeRule.TCP);
 * }</pre>
 *
 * @param id             the pinhole's UniqueID, 1..65535: the key of the rule (one rule per id)
 * @param remoteHost     the remote IPv6 address in canonical form ({@link Inet6Address#getHostAddress()} without
 *                       zone), or {@link #ANY_HOST} (empty) for any remote host
 * @param remotePort     the remote (source) port, 1..65535, or {@link #ANY_PORT} (0) for any
 * @param internalClient the LAN host the pinhole opens to
 * @param internalPort   the LAN host's (destination) port, 1..65535
 * @param protocol       the IANA protocol number (6 TCP, 17 UDP, 136 UDP-Lite), or {@link #ANY_PROTOCOL} (65535)
 */
public record PinholeRule(int id, String remoteHost, int remotePort, Inet6Address internalClient, int internalPort,
        int protocol) {
    /** {@link #remoteHost()} meaning any remote host. */
    public static final String ANY_HOST = "";
    /** {@link #remotePort()} meaning any remote port. */
    public static final int ANY_PORT = 0;
    /** {@link #protocol()} meaning any protocol (the service's wildcard value). */
    public static final int ANY_PROTOCOL = 65535;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int UDP_LITE = 136;

    public PinholeRule {
        Objects.requireNonNull(remoteHost, "remoteHost");
        Objects.requireNonNull(internalClient, "internalClient");
        if (id < 1 || id > 65535) {
            throw new IllegalArgumentException("id out of range: " + id);
        }
        if (remotePort < 0 || remotePort > 65535 || internalPort < 1 || internalPort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        if (protocol < 0 || protocol > 255 && protocol != ANY_PROTOCOL) {
            throw new IllegalArgumentException("protocol out of range: " + protocol);
        }
        if (!remoteHost.isEmpty() && (remoteHost.indexOf(':') < 0 || remoteHost.length() > 45
                || !remoteHost.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0))) {
            throw new IllegalArgumentException("remoteHost must be empty or an IPv6 literal");
        }
    }

    /** Whether any remote host matches. */
    public boolean anyRemoteHost() {
        return remoteHost.isEmpty();
    }

    /** Whether any remote port matches. */
    public boolean anyRemotePort() {
        return remotePort == ANY_PORT;
    }

    /** Whether any protocol matches. */
    public boolean anyProtocol() {
        return protocol == ANY_PROTOCOL;
    }
}
