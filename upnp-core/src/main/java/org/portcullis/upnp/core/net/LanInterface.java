package org.portcullis.upnp.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network interface Portcullis serves, with its LAN addresses. Instances are validated: every address in
 * {@link #addresses()} is of a {@link AddressScope#isLan() LAN scope}; only those are ever bound, advertised or put
 * in a URL.
 *
 * <p><b>Global IPv6 addresses on a LAN interface.</b> A dual-stack LAN with a delegated prefix carries a global IPv6
 * address on the router's LAN interface. Such an interface is served (refusing it would leave every such home
 * without UPnP), but its global addresses are kept apart in {@link #onLinkGlobal()}: they are never bound, advertised
 * or named in a LOCATION, so nothing of the device is reachable on a globally routable address. Their on-link
 * prefixes (at least {@value #MIN_GLOBAL_PREFIX} bits long) count as LAN for peers: a LAN host's source address in
 * that prefix is accepted, and it may ask for a pinhole to its own global address (the only kind of address a
 * pinhole makes sense for). This does not widen what the WAN can do: TCP (control, eventing) needs the handshake to
 * complete with the real LAN host, and a spoofed UDP search from the WAN is answered to that LAN host, rate-limited,
 * exactly as a spoofed ULA or private IPv4 source already could be. A public IPv4 address still makes the whole
 * interface unservable, because IPv4 SSDP on it would reach that network.
 *
 * <p><b>Link-local addresses</b> are LAN addresses of this interface only: {@link #covers(InetAddress)} accepts a
 * link-local source carrying a scope id (as every socket-delivered source does) only when that id is this
 * interface's {@link #index()}.
 *
 * @param name         the OS interface name, e.g. {@code br-lan}
 * @param index        the OS interface index (0 when unknown; then link-local sources are not checked by zone)
 * @param addresses    the interface's LAN addresses, at least one
 * @param onLinkGlobal the interface's global IPv6 addresses with their on-link prefixes; never served, only used to
 *                     recognise LAN peers (may be empty)
 */
public record LanInterface(String name, int index, List<LanAddress> addresses, List<LanAddress> onLinkGlobal) {
    /** The shortest global IPv6 prefix taken as on-link LAN; shorter ones are ignored entirely. */
    public static final int MIN_GLOBAL_PREFIX = 48;

    private static final Logger LOG = LoggerFactory.getLogger(LanInterface.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final int MAX_WARNED = 1024;

    public LanInterface {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        onLinkGlobal = List.copyOf(onLinkGlobal);
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
        for (LanAddress g : onLinkGlobal) {
            if (!isGlobalIpv6(g.address()) || g.prefixLength() < MIN_GLOBAL_PREFIX) {
                throw new IllegalArgumentException("not a global IPv6 address with an on-link prefix of at least "
                        + MIN_GLOBAL_PREFIX + " bits: " + g);
            }
        }
    }

    /** An interface without global IPv6 addresses. */
    public LanInterface(String name, int index, List<LanAddress> addresses) {
        this(name, index, addresses, List.of());
    }

    /**
     * Looks an interface up by name and checks the LAN-only rule: it must exist, be up, have at least one usable LAN
     * address, and every IPv4 address must be of LAN scope (an interface carrying a public IPv4 address is refused as
     * a whole, because SSDP multicast on it would reach that network). Global IPv6 addresses go to
     * {@link #onLinkGlobal()} with one warning each; IPv6 addresses that are still tentative (duplicate address
     * detection running) or failed DAD are left out until they become usable; the {@link InterfaceWatcher} then
     * sees them appear.
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
        List<LanAddress> all = new ArrayList<>();
        for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
            all.add(new LanAddress(ia.getAddress(), ia.getNetworkPrefixLength()));
        }
        return from(name, Math.max(0, nif.getIndex()), all, Ipv6AddressStates.read());
    }

    /** The rule of {@link #lookup(String)} applied to an interface's addresses. Package-private for tests. */
    static LanInterface from(String name, int index, List<LanAddress> all, Ipv6AddressStates states) {
        List<LanAddress> lan = new ArrayList<>();
        List<LanAddress> global = new ArrayList<>();
        for (LanAddress la : all) {
            InetAddress a = la.address();
            if (a instanceof Inet6Address v6 && states.unusable(v6, index)) {
                continue; // tentative or DAD failed: not bindable (yet)
            }
            AddressScope scope = LanAddresses.classify(a);
            if (scope.isLan()) {
                lan.add(la);
            } else if (isGlobalIpv6(a)) {
                boolean onLink = la.prefixLength() >= MIN_GLOBAL_PREFIX;
                if (onLink) {
                    global.add(la);
                }
                warnOnce(name, la, onLink);
            } else {
                throw new LanBindingException("interface " + name + " has non-LAN address " + a.getHostAddress()
                        + " (" + scope + "): refusing to serve UPnP on it");
            }
        }
        if (lan.isEmpty()) {
            throw new LanBindingException("interface " + name + " has no usable LAN address to serve on"
                    + (all.isEmpty() ? "" : " (yet)"));
        }
        return new LanInterface(name, index, lan, global);
    }

    private static void warnOnce(String name, LanAddress global, boolean onLink) {
        if (WARNED.size() > MAX_WARNED) {
            WARNED.clear();
        }
        if (WARNED.add(name + ' ' + global)) {
            LOG.warn("interface {}: ignoring global IPv6 address {}: never bound, advertised or put in a URL; {}",
                    name, plain(global), onLink ? "its on-link prefix counts as LAN for peers on " + name
                            : "its prefix is shorter than /" + MIN_GLOBAL_PREFIX + " and does not count as LAN");
        }
    }

    /** {@code 2001:db8:77:0:0:0:0:1/64}: the address without the zone Java attaches to interface addresses. */
    private static String plain(LanAddress a) {
        String text = a.address().getHostAddress();
        int zone = text.indexOf('%');
        return (zone < 0 ? text : text.substring(0, zone)) + '/' + a.prefixLength();
    }

    /** IPv6 unicast that is neither LAN, unspecified nor multicast (documentation addresses included). */
    static boolean isGlobalIpv6(InetAddress a) {
        AddressScope s = LanAddresses.classify(a);
        return a instanceof Inet6Address && (s == AddressScope.PUBLIC || s == AddressScope.DOCUMENTATION);
    }

    /** The first IPv4 address, the one used in LOCATION and URLs for IPv4 peers. */
    public Optional<LanAddress> ipv4() {
        return addresses.stream().filter(a -> a.address() instanceof Inet4Address).findFirst();
    }

    /**
     * True when {@code source} is a peer on this interface: a LAN-scope address on one of its LAN subnets (a
     * link-local one with a scope id only if that id is this interface's index), or a global IPv6 address in one of
     * its {@link #onLinkGlobal() on-link global prefixes}.
     */
    public boolean covers(InetAddress source) {
        AddressScope scope = LanAddresses.classify(source);
        if (scope.isLan()) {
            if (scope == AddressScope.LINK_LOCAL && !onThisLink(source)) {
                return false;
            }
            return addresses.stream().anyMatch(a -> a.covers(source));
        }
        return isGlobalIpv6(source) && onLinkGlobal.stream().anyMatch(g -> g.covers(source));
    }

    private boolean onThisLink(InetAddress source) {
        return !(source instanceof Inet6Address v6) || v6.getScopeId() == 0 || index == 0
                || v6.getScopeId() == index;
    }
}
