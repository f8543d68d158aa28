package org.portcullis.upnp.igd;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Who may map what: the whole security policy of the port-mapping table, in one place. Secure by default.
 *
 * <table>
 *   <caption>Rules, defaults and refusal codes</caption>
 *   <tr><th>rule</th><th>default</th><th>IGD:1 request</th><th>IGD:2 request</th></tr>
 *   <tr><td>InternalClient not a LAN address on a served subnet; RemoteHost that is a LAN address</td>
 *       <td>always refused</td><td>718</td><td>606</td></tr>
 *   <tr><td>{@code secureMode}: InternalClient must be the requester</td><td>on</td>
 *       <td>718 (add), 714 (delete)</td><td>606</td></tr>
 *   <tr><td>{@code allowPrivilegedPorts}: internal or external ports below 1024</td><td>refused</td>
 *       <td>718</td><td>606</td></tr>
 *   <tr><td>{@code rules}: allow/deny by external port, internal address, internal port (first match decides;
 *       with rules present and none matching, refused)</td><td>none</td><td>718</td><td>606</td></tr>
 *   <tr><td>{@code maxMappingsPerClient}</td><td>{@value #DEFAULT_MAX_PER_CLIENT}</td><td>728</td><td>728</td></tr>
 *   <tr><td>{@code maxMappings}</td><td>{@value #DEFAULT_MAX_MAPPINGS}</td><td>728</td><td>728</td></tr>
 *   <tr><td>UPnP switched off at run time ({@link Igd#setUpnpEnabled})</td><td>on</td><td>501</td>
 *       <td>606</td></tr>
 * </table>
 *
 * <p>IPv6 pinholes (WANIPv6FirewallControl:1) follow the same policy, with one widening of {@code secureMode}: the
 * requester's own address also covers its other IPv6 addresses on the same served link, namely an address that the
 * router's neighbour cache maps to the same link-layer address as the requester's (a client speaks from the ULA or
 * link-local address that reaches LOCATION but wants the pinhole for its global address). This trusts the router's
 * neighbour cache; a node able to make that cache map a victim's address to itself already receives the victim's
 * traffic and could ask from the victim's address, so it gains nothing. Where the cache cannot be read, strict
 * equality applies. Details in the README ("IPv6 pinholes").
 *
 * <p>The IGD:1 codes are miniupnpd's, because IGD:1 defines no 606 (spec/igd.md §6); the version is that of the
 * SOAPACTION the control point used. Every refusal increments a counter named {@code igd.refused.*} and is logged at
 * a bounded rate on the {@code org.portcullis.upnp.security} logger with the requester's address.
 *
 * @param secureMode           a client may map (and delete) only for its own address
 * @param allowPrivilegedPorts whether internal or external ports below 1024 may be mapped
 * @param maxMappingsPerClient cap per internal client
 * @param maxMappings          cap on the whole table
 * @param rules                allow/deny permission rules, in order
 */
public record MappingPolicy(
        boolean secureMode, boolean allowPrivilegedPorts, int maxMappingsPerClient, int maxMappings,
        List<PermissionRule> rules) {
    public static final int DEFAULT_MAX_PER_CLIENT = 128;
    public static final int DEFAULT_MAX_MAPPINGS = 1024;

    public MappingPolicy {
        if (maxMappingsPerClient < 1 || maxMappings < 1 || maxMappingsPerClient > maxMappings) {
            throw new IllegalArgumentException("invalid mapping caps");
        }
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    }

    /** A policy without permission rules. */
    public MappingPolicy(boolean secureMode, boolean allowPrivilegedPorts, int maxMappingsPerClient, int maxMappings) {
        this(secureMode, allowPrivilegedPorts, maxMappingsPerClient, maxMappings, List.of());
    }

    /** Secure mode, no privileged ports, default caps, no rules. */
    public static MappingPolicy secure() {
        return new MappingPolicy(true, false, DEFAULT_MAX_PER_CLIENT, DEFAULT_MAX_MAPPINGS);
    }

    /** The same policy with these permission rules. */
    public MappingPolicy withRules(List<PermissionRule> newRules) {
        return new MappingPolicy(secureMode, allowPrivilegedPorts, maxMappingsPerClient, maxMappings, newRules);
    }

    /** Whether the permission rules allow this request (true when there are no rules). */
    public boolean permits(int externalPort, InetAddress internalClient, int internalPort) {
        if (rules.isEmpty()) {
            return true;
        }
        for (PermissionRule r : rules) {
            if (r.matches(externalPort, internalClient, internalPort)) {
                return r.allow();
            }
        }
        return false;
    }
}
