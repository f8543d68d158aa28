package org.portcullis.upnp.igd;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import org.portcullis.upnp.core.net.LanAddresses;

/**
 * One allow/deny permission rule, in the form miniupnpd's {@code miniupnpd.conf} uses:
 * {@code allow|deny EXT-PORT-RANGE INTERNAL-ADDRESS/PREFIX INT-PORT-RANGE}, for example
 * {@code allow 1024-65535 192.168.1.0/24 1024-65535}. A rule matches a request when the external port, the
 * internal client and the internal port are all inside its ranges. {@link MappingPolicy} applies the rules in order;
 * the first match decides.
 *
 * @param allow      allow (true) or deny (false)
 * @param extMin     lowest external port, 1..65535
 * @param extMax     highest external port, at least {@code extMin}
 * @param network    the internal address range's network address
 * @param prefix     the range's prefix length, 0..32
 * @param intMin     lowest internal port
 * @param intMax     highest internal port
 */
public record PermissionRule(
        boolean allow, int extMin, int extMax, Inet4Address network, int prefix, int intMin, int intMax) {
    public PermissionRule {
        Objects.requireNonNull(network, "network");
        if (extMin < 1 || extMax > 65535 || extMin > extMax || intMin < 1 || intMax > 65535 || intMin > intMax) {
            throw new IllegalArgumentException("port range out of 1..65535 or reversed");
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length out of 0..32");
        }
    }

    /** Whether the rule covers this request. */
    public boolean matches(int externalPort, InetAddress internalClient, int internalPort) {
        return externalPort >= extMin && externalPort <= extMax && internalPort >= intMin && internalPort <= intMax
                && internalClient instanceof Inet4Address && LanAddresses.inSubnet(internalClient, network, prefix);
    }

    /**
     * Parses {@code allow|deny EXT ADDR[/PREFIX] INT}, where a port range is {@code N} or {@code N-M}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static PermissionRule parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 4) {
            throw new IllegalArgumentException("permission rule needs 4 fields: allow|deny EXT ADDR/PREFIX INT");
        }
        boolean allow = switch (f[0].toLowerCase(Locale.ROOT)) {
            case "allow" -> true;
            case "deny" -> false;
            default -> throw new IllegalArgumentException("permission rule must start with allow or deny");
        };
        int[] ext = range(f[1]);
        int[] in = range(f[3]);
        String addr = f[2];
        int prefix = 32;
        int slash = addr.indexOf('/');
        if (slash >= 0) {
            prefix = number(addr.substring(slash + 1), 32);
            addr = addr.substring(0, slash);
        }
        Inet4Address net = org.portcullis.upnp.igd.internal.table.PortMappingTable.parseIpv4(addr)
                .orElseThrow(() -> new IllegalArgumentException("not an IPv4 address in permission rule"));
        return new PermissionRule(allow, ext[0], ext[1], net, prefix, in[0], in[1]);
    }

    private static int[] range(String s) {
        int dash = s.indexOf('-');
        if (dash < 0) {
            int v = number(s, 65535);
            return new int[] {v, v};
        }
        return new int[] {number(s.substring(0, dash), 65535), number(s.substring(dash + 1), 65535)};
    }

    private static int number(String s, int max) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a number in permission rule");
        }
        int v = Integer.parseInt(s);
        if (v > max) {
            throw new IllegalArgumentException("number out of range in permission rule");
        }
        return v;
    }

    @Override
    public String toString() {
        return (allow ? "allow " : "deny ") + extMin + '-' + extMax + ' ' + network.getHostAddress() + '/' + prefix
                + ' ' + intMin + '-' + intMax;
    }
}
