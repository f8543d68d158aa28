package org.portcullis.upnp.core.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Three network namespaces wired as LAN host, router and WAN host, for end-to-end tests of the gateway:
 *
 * <pre>
 *  pcHEX-lan                 pcHEX-rtr                         pcHEX-wan
 *  lan0 192.168.77.2/24 ---- rlan0 192.168.77.1/24
 *                            rwan0 203.0.113.1/24 ---------- wan0 203.0.113.2/24
 * </pre>
 *
 * <p>Every host has {@code lo} up; the veths have multicast on and a 239.0.0.0/8 route ({@code lan0},
 * {@code rlan0}, {@code wan0}). The LAN host's default route is the router; the router forwards IPv4; the WAN
 * host has only its on-link subnet, so it cannot reach the private LAN, as on the Internet. The names carry a
 * random suffix per instance, so runs never collide.
 *
 * <p>{@link #close()} kills every process in the namespaces and deletes them; it is idempotent and also runs
 * from a JVM shutdown hook. Call {@link #assumeAvailable()} first in a test: it skips without root (fails under
 * {@code CI=true}).
 */
public final class ThreeHostTopology implements AutoCloseable {
    public static final String LAN_HOST_ADDRESS = "192.168.77.2";
    public static final String ROUTER_LAN_ADDRESS = "192.168.77.1";
    public static final String ROUTER_WAN_ADDRESS = "203.0.113.1";
    public static final String WAN_HOST_ADDRESS = "203.0.113.2";
    public static final String LAN_HOST_IF = "lan0";
    public static final String ROUTER_LAN_IF = "rlan0";
    public static final String ROUTER_WAN_IF = "rwan0";
    public static final String WAN_HOST_IF = "wan0";
    public static final String MULTICAST_ROUTE = "239.0.0.0/8";

    private final String suffix;
    private final String lanNs;
    private final String routerNs;
    private final String wanNs;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread hook;

    private ThreeHostTopology(String suffix) {
        this.suffix = suffix;
        this.lanNs = "pc" + suffix + "-lan";
        this.routerNs = "pc" + suffix + "-rtr";
        this.wanNs = "pc" + suffix + "-wan";
        this.hook = new Thread(this::deleteAll, "netns-cleanup-" + suffix);
    }

    /** Skips (fails under {@code CI=true}) unless namespaces can be created here. */
    public static void assumeAvailable() {
        NetworkNamespaces.assumeAvailable();
    }

    /** Creates the namespaces and links; on any failure removes what it made and rethrows. */
    public static ThreeHostTopology create() {
        ThreeHostTopology t = new ThreeHostTopology(NetworkNamespaces.uniqueSuffix());
        Runtime.getRuntime().addShutdownHook(t.hook);
        try {
            t.build();
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
        return t;
    }

    private void build() {
        for (String ns : namespaces()) {
            NetworkNamespaces.ip("netns", "add", ns);
            NetworkNamespaces.exec(ns, "ip", "link", "set", "lo", "up");
        }
        NetworkNamespaces.ip("link", "add", LAN_HOST_IF, "netns", lanNs, "type", "veth",
                "peer", "name", ROUTER_LAN_IF, "netns", routerNs);
        NetworkNamespaces.ip("link", "add", ROUTER_WAN_IF, "netns", routerNs, "type", "veth",
                "peer", "name", WAN_HOST_IF, "netns", wanNs);

        configure(lanNs, LAN_HOST_IF, LAN_HOST_ADDRESS);
        configure(routerNs, ROUTER_LAN_IF, ROUTER_LAN_ADDRESS);
        configure(routerNs, ROUTER_WAN_IF, ROUTER_WAN_ADDRESS);
        configure(wanNs, WAN_HOST_IF, WAN_HOST_ADDRESS);

        NetworkNamespaces.exec(lanNs, "ip", "route", "add", MULTICAST_ROUTE, "dev", LAN_HOST_IF);
        NetworkNamespaces.exec(routerNs, "ip", "route", "add", MULTICAST_ROUTE, "dev", ROUTER_LAN_IF);
        NetworkNamespaces.exec(wanNs, "ip", "route", "add", MULTICAST_ROUTE, "dev", WAN_HOST_IF);
        NetworkNamespaces.exec(lanNs, "ip", "route", "add", "default", "via", ROUTER_LAN_ADDRESS);
        NetworkNamespaces.exec(routerNs, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    }

    private static void configure(String ns, String dev, String address) {
        NetworkNamespaces.exec(ns, "ip", "addr", "add", address + "/24", "dev", dev);
        NetworkNamespaces.exec(ns, "ip", "link", "set", dev, "multicast", "on", "up");
    }

    /** The random hex suffix shared by the three namespace names. */
    public String suffix() {
        return suffix;
    }

    public String lanNamespace() {
        return lanNs;
    }

    public String routerNamespace() {
        return routerNs;
    }

    public String wanNamespace() {
        return wanNs;
    }

    /** LAN host, router, WAN host. */
    public List<String> namespaces() {
        return List.of(lanNs, routerNs, wanNs);
    }

    public String lanHostInterface() {
        return LAN_HOST_IF;
    }

    public String routerLanInterface() {
        return ROUTER_LAN_IF;
    }

    public String routerWanInterface() {
        return ROUTER_WAN_IF;
    }

    public String wanHostInterface() {
        return WAN_HOST_IF;
    }

    public String lanHostAddress() {
        return LAN_HOST_ADDRESS;
    }

    public String routerLanAddress() {
        return ROUTER_LAN_ADDRESS;
    }

    public String routerWanAddress() {
        return ROUTER_WAN_ADDRESS;
    }

    public String wanHostAddress() {
        return WAN_HOST_ADDRESS;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Kills the processes in the namespaces and deletes them. Idempotent. */
    @Override
    public void close() {
        deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook is running or has run
        }
    }

    private void deleteAll() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        StringBuilder left = new StringBuilder();
        for (String ns : namespaces()) {
            if (!NetworkNamespaces.delete(ns)) {
                left.append(' ').append(ns);
            }
        }
        if (left.length() > 0) {
            System.err.println("ThreeHostTopology: could not delete namespaces:" + left);
        }
    }

    @Override
    public String toString() {
        return "ThreeHostTopology[" + lanNs + ", " + routerNs + ", " + wanNs + "]";
    }
}
