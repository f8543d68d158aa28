package org.portcullis.upnp.ssdp.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;
import org.portcullis.upnp.core.net.AddressScope;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanAddresses;
import org.portcullis.upnp.core.net.LanBindingException;
import org.portcullis.upnp.core.net.LanInterface;

/** Resolves a {@link LanInterface} to the JDK interface that multicast options and group joins need. */
public final class NetworkInterfaces {
    private NetworkInterfaces() {}

    /** @throws LanBindingException naming the interface when it is gone or unreadable */
    public static NetworkInterface of(LanInterface lan) {
        try {
            NetworkInterface nif = NetworkInterface.getByName(lan.name());
            if (nif == null) {
                throw new LanBindingException("no such interface: " + lan.name());
            }
            return nif;
        } catch (SocketException e) {
            throw new LanBindingException("cannot read interface " + lan.name() + ": " + e.getMessage());
        }
    }

    /**
     * The IPv6 address SSDP uses on this interface, as the source of its datagrams and in LOCATION: the first unique
     * local address (fc00::/7) when there is one, else the first link-local address (a home LAN without a ULA). A
     * ULA is preferred even for FF02::C (UDA 2.0 Annex A pairs FF02::C with a link-local LOCATION) because a URL on a
     * ULA works in every control point, while a link-local one needs the control point to add its own zone. Global
     * addresses are never used ({@link LanInterface#onLinkGlobal()}).
     */
    public static Optional<LanAddress> ipv6(LanInterface lan) {
        Optional<LanAddress> ula = lan.addresses().stream()
                .filter(a -> a.address() instanceof Inet6Address
                        && LanAddresses.classify(a.address()) == AddressScope.PRIVATE)
                .findFirst();
        return ula.isPresent() ? ula : lan.addresses().stream()
                .filter(a -> a.address() instanceof Inet6Address
                        && LanAddresses.classify(a.address()) == AddressScope.LINK_LOCAL)
                .findFirst();
    }

    /**
     * The address as written in a URL host or HOST header: dotted IPv4, or IPv6 in brackets in RFC 5952 form
     * (lower case, longest run of two or more zero groups as {@code ::}), without a zone. A link-local LOCATION is
     * therefore {@code http://[fe80::1]:port/path}: a zone names an interface of the host that writes it (RFC 6874
     * §1: "of local significance only"), so ours ({@code %25rlan0}) would be wrong, or name another interface, on the
     * control point, which must add the zone of the interface the datagram arrived on.
     */
    public static String uriHost(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 1 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.append(']').toString();
    }
}
