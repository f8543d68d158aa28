package org.portcullis.upnp.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A network interface Portcullis serves, with its LAN addresses. Instances are validated: every address is of a
 * {@link AddressScope#isLan() LAN scope}.
 *
 * @param name      the OS interface name, e.g. {@code br-lan}
 * @param index     the OS interface index (0 when unknown)
 * @param addresses the interface's addresses, at least one
 */
public record LanInterface(String name, int index, List<LanAddress> addresses) {
    public LanInterface {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new LanBindingException("interface " + name + " has no address to serve on");
        }
        for (LanAddress a : addresses) {
            AddressScope scope = LanAddresses.classify(a.address());
            if (!scope.isLan()) {
                throw new LanBindingException("interface " + name + " has address "
                        + a.address().getHostAddress() + " of scope " + scope + ": refusing to serve UPnP on it");
            }
        }
    }

    /**
     * Looks an interface up by name and checks the LAN-only rule: it must exist, be up, have at least one address,
     * and every IPv4 address and every non-link-local IPv6 address must be of LAN scope. An interface carrying a
     * public address is refused as a whole, because SSDP multicast on it would reach that network.
     *
     * @throws LanBindingException naming the interface and the reason
     */
    public static LanInterface lookup(String name) {
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(name);
        } catch (SocketException e) {
            throw new LanBindingException("cannot read interface " + name + ": " + e.getMessage());
        }
        if (nif == null) {
            throw new LanBindingException("no such interface: " + name);
        }
        return of(nif);
    }

    /** Validates a JDK interface; see {@link #lookup(String)}. */
    public static LanInterface of(NetworkInterface nif) {
        String name = nif.getName();
        try {
            if (!nif.isUp()) {
                throw new LanBindingException("interface " + name + " is down");
            }
        } catch (SocketException e) {
            throw new LanBindingException("cannot read interface " + name + ": " + e.getMessage());
        }
        List<LanAddress> out = new ArrayList<>();
        for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
            InetAddress a = ia.getAddress();
            AddressScope scope = LanAddresses.classify(a);
            if (!scope.isLan()) {
                throw new LanBindingException("interface " + name + " has non-LAN address " + a.getHostAddress()
                        + " (" + scope + "): refusing to serve UPnP on it");
            }
            out.add(new LanAddress(a, ia.getNetworkPrefixLength()));
        }
        return new LanInterface(name, Math.max(0, nif.getIndex()), out);
    }

    /** The first IPv4 address, the one used in LOCATION and URLs for IPv4 peers. */
    public Optional<LanAddress> ipv4() {
        return addresses.stream().filter(a -> a.address() instanceof Inet4Address).findFirst();
    }

    /** True when {@code source} is on one of this interface's subnets. */
    public boolean covers(InetAddress source) {
        for (LanAddress a : addresses) {
            if (a.covers(source)) {
                return true;
            }
        }
        return false;
    }
}
