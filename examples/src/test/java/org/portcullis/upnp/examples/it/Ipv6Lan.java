package org.portcullis.upnp.examples.it;

import java.time.Duration;
import org.portcullis.upnp.core.testing.NetworkNamespaces;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/** IPv6 on the three-host topology for the pinhole ITs: ULAs on the LAN, documentation addresses on the WAN. */
final class Ipv6Lan {
    static final String ROUTER_ULA = "fd77::1";
    static final String LAN_ULA = "fd77::2";
    static final String ROUTER_WAN = "2001:db8:1::1";
    static final String WAN_HOST = "2001:db8:1::2";
    static final String ROUTER_GLOBAL = "2001:db8:77::1";
    static final String LAN_GLOBAL = "2001:db8:77::2";

    private Ipv6Lan() {}

    /** fd77::1/64 on the router's LAN interface and fd77::2/64 on the LAN host, once link-local is usable. */
    static void addLanUlas(ThreeHostTopology net) {
        NetworkNamespaces.exec(net.routerNamespace(), "ip", "-6", "addr", "add", ROUTER_ULA + "/64", "dev",
                net.routerLanInterface(), "nodad");
        NetworkNamespaces.exec(net.lanNamespace(), "ip", "-6", "addr", "add", LAN_ULA + "/64", "dev",
                net.lanHostInterface(), "nodad");
        awaitLinkLocal(net.lanNamespace(), net.lanHostInterface());
        awaitLinkLocal(net.routerNamespace(), net.routerLanInterface());
    }

    /**
     * The LAN ULAs plus 2001:db8:1::1/64 on the router's WAN interface and 2001:db8:1::2/64 on the WAN host, routes
     * both ways, and IPv6 forwarding in the router (which has no firewall of its own).
     */
    static void addRoutedIpv6(ThreeHostTopology net) {
        addLanUlas(net);
        NetworkNamespaces.exec(net.routerNamespace(), "ip", "-6", "addr", "add", ROUTER_WAN + "/64", "dev",
                net.routerWanInterface(), "nodad");
        NetworkNamespaces.exec(net.wanNamespace(), "ip", "-6", "addr", "add", WAN_HOST + "/64", "dev",
                net.wanHostInterface(), "nodad");
        NetworkNamespaces.exec(net.routerNamespace(), "sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        NetworkNamespaces.exec(net.lanNamespace(), "ip", "-6", "route", "add", "default", "via", ROUTER_ULA, "dev",
                net.lanHostInterface());
        NetworkNamespaces.exec(net.wanNamespace(), "ip", "-6", "route", "add", "fd77::/64", "via", ROUTER_WAN,
                "dev", net.wanHostInterface());
    }

    /**
     * A global prefix on the LAN as well (after {@link #addRoutedIpv6}): 2001:db8:77::1/64 on the router's LAN
     * interface, 2001:db8:77::2/64 on the LAN host, and the WAN host's route to it through the router.
     */
    static void addLanGlobal(ThreeHostTopology net) {
        NetworkNamespaces.exec(net.routerNamespace(), "ip", "-6", "addr", "add", ROUTER_GLOBAL + "/64", "dev",
                net.routerLanInterface(), "nodad");
        NetworkNamespaces.exec(net.lanNamespace(), "ip", "-6", "addr", "add", LAN_GLOBAL + "/64", "dev",
                net.lanHostInterface(), "nodad");
        NetworkNamespaces.exec(net.wanNamespace(), "ip", "-6", "route", "add", "2001:db8:77::/64", "via",
                ROUTER_WAN, "dev", net.wanHostInterface());
    }

    private static void awaitLinkLocal(String ns, String dev) {
        for (int i = 0; i < 50; i++) {
            String out = Processes.runIn(ns, Duration.ofSeconds(5), "ip", "-6", "addr", "show", "dev", dev).out();
            if (out.contains("fe80") && !out.contains("tentative")) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
