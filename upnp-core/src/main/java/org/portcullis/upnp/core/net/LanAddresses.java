package org.portcullis.upnp.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/** Classifies addresses for the LAN-only rule. Stateless and thread-safe. */
public final class LanAddresses {
    private LanAddresses() {}

    /** The scope of an address. IPv4-mapped IPv6 addresses are classified as their IPv4 address. */
    public static AddressScope classify(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && isV4Mapped(b)) {
            byte[] v4 = new byte[4];
            System.arraycopy(b, 12, v4, 0, 4);
            return classifyV4(v4);
        }
        return address instanceof Inet4Address ? classifyV4(b) : classifyV6(b);
    }

    /** Shorthand for {@code classify(address).isLan()}. */
    public static boolean isLan(InetAddress address) {
        return classify(address).isLan();
    }

    /** True when {@code address} lies in {@code network/prefixLength} (same family only). */
    public static boolean inSubnet(InetAddress address, InetAddress network, int prefixLength) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            if (a.length == 16 && n.length == 4 && isV4Mapped(a)) {
                byte[] v4 = new byte[4];
                System.arraycopy(a, 12, v4, 0, 4);
                a = v4;
            } else {
                return false;
            }
        }
        int bits = Math.max(0, Math.min(prefixLength, a.length * 8));
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (n[full] & mask);
    }

    private static boolean isV4Mapped(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    }

    private static AddressScope classifyV4(byte[] b) {
        int a0 = b[0] & 0xFF;
        int a1 = b[1] & 0xFF;
        int a2 = b[2] & 0xFF;
        if (a0 == 0 && a1 == 0 && a2 == 0 && b[3] == 0) {
            return AddressScope.UNSPECIFIED;
        }
        if (a0 == 127) {
            return AddressScope.LOOPBACK;
        }
        if (a0 == 169 && a1 == 254) {
            return AddressScope.LINK_LOCAL;
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return AddressScope.PRIVATE;
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return AddressScope.SHARED_CGNAT;
        }
        if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return AddressScope.DOCUMENTATION;
        }
        if (a0 >= 224) {
            return AddressScope.MULTICAST;
        }
        return AddressScope.PUBLIC;
    }

    private static AddressScope classifyV6(byte[] b) {
        boolean allZero = true;
        for (int i = 0; i < 15; i++) {
            allZero &= b[i] == 0;
        }
        if (allZero && b[15] == 0) {
            return AddressScope.UNSPECIFIED;
        }
        if (allZero && b[15] == 1) {
            return AddressScope.LOOPBACK;
        }
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        if (b0 == 0xFE && (b1 & 0xC0) == 0x80) {
            return AddressScope.LINK_LOCAL;
        }
        if ((b0 & 0xFE) == 0xFC) {
            return AddressScope.PRIVATE;
        }
        if (b0 == 0xFF) {
            return AddressScope.MULTICAST;
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xFF) == 0x0D && (b[3] & 0xFF) == 0xB8) {
            return AddressScope.DOCUMENTATION;
        }
        return AddressScope.PUBLIC;
    }
}
