package org.portcullis.upnp.igd;

/**
 * Who may map what. Secure by default.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>field</th><th>default</th><th>refusal (IGD:1)</th></tr>
 *   <tr><td>{@code secureMode}</td><td>true: InternalClient must be the requester</td><td>718 (add), 714 (delete)</td></tr>
 *   <tr><td>{@code allowPrivilegedPorts}</td><td>false: ports below 1024 refused</td><td>718</td></tr>
 *   <tr><td>{@code maxMappingsPerClient}</td><td>{@value #DEFAULT_MAX_PER_CLIENT}</td><td>728</td></tr>
 *   <tr><td>{@code maxMappings}</td><td>{@value #DEFAULT_MAX_MAPPINGS}</td><td>728</td></tr>
 * </table>
 *
 * <p>Whatever the policy, an InternalClient that is not a LAN address (private, link-local) on a served subnet is
 * always refused: mapping to hosts off the LAN is what UPnProxy abused.
 *
 * @param secureMode           a client may map (and delete) only for its own address
 * @param allowPrivilegedPorts whether internal or external ports below 1024 may be mapped
 * @param maxMappingsPerClient cap per internal client
 * @param maxMappings          cap on the whole table
 */
public record MappingPolicy(
        boolean secureMode, boolean allowPrivilegedPorts, int maxMappingsPerClient, int maxMappings) {
    public static final int DEFAULT_MAX_PER_CLIENT = 128;
    public static final int DEFAULT_MAX_MAPPINGS = 1024;

    public MappingPolicy {
        if (maxMappingsPerClient < 1 || maxMappings < 1 || maxMappingsPerClient > maxMappings) {
            throw new IllegalArgumentException("invalid mapping caps");
        }
    }

    /** Secure mode, no privileged ports, default caps. */
    public static MappingPolicy secure() {
        return new MappingPolicy(true, false, DEFAULT_MAX_PER_CLIENT, DEFAULT_MAX_MAPPINGS);
    }
}
