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
     * The IPv6 address SSDP uses in LOCATION on this interface: the first unique local address (fc00::/7). Link-local
     * addresses are not used: the HTTP server does not bind them (a URL would need the zone, which few control points
     * parse).
     */
    public static Optional<LanAddress> ipv6(LanInterface lan) {
        return lan.addresses().stream()
                .filter(a -> a.address() instanceof Inet6Address
                        && LanAddresses.classify(a.address()) == AddressScope.PRIVATE)
                .findFirst();
    }

    /**
     * The address as written in a URL host or HOST header: dotted IPv4, or IPv6 in brackets in RFC 5952 form
     * (lower case, longest run of two or more zero groups as {@code ::}), without a zone.
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
