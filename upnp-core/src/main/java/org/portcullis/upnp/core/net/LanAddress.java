package org.portcullis.upnp.core.net;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One address of a LAN interface with its prefix length, i.e. the subnet it serves.
 *
 * @param address      the interface's address (LAN scope)
 * @param prefixLength the subnet prefix length, 0..32 for IPv4 and 0..128 for IPv6
 */
public record LanAddress(InetAddress address, int prefixLength) {
    public LanAddress {
        Objects.requireNonNull(address, "address");
        int max = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
    }

    /** True when {@code other} is on this address's subnet. */
    public boolean covers(InetAddress other) {
        return LanAddresses.inSubnet(other, address, prefixLength);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + '/' + prefixLength;
    }
}
