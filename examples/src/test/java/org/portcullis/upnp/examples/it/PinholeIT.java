package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * WANIPv6FirewallControl:1 against the daemon in the three-namespace topology with IPv6 on the LAN (router rlan0
 * fd77::1/64, LAN host lan0 fd77::2/64), driven by the real libminiupnpc client {@code upnpc -6 -m lan0}: it finds
 * the IGD:2 over SSDP on FF02::C, then -S (firewall status), -A (add pinhole), -U (update), -K (packets), -C (check),
 * -D (delete), and a pinhole to another LAN host, refused with 606 in secure mode. The daemon runs with the default
 * in-memory NAT backend, which forwards nothing: -K reports 0 packets and -C fails with 709 (NoTrafficReceived).
 * {@link PinholeForwardingIT} does the same with the nftables backend, where pinholes carry traffic.
 */
@Tag("netns")
@Tag("peer")
@Timeout(100)
class PinholeIT {
    private static final String LAN_ULA = Ipv6Lan.LAN_ULA;
    private static final String REMOTE = Ipv6Lan.WAN_HOST;
    private static ThreeHostTopology net;
    private static Processes.Background daemon;

    @BeforeAll
    static void startGateway() {
        ThreeHostTopology.assumeAvailable();
        Prerequisites.requireExecutable("upnpc");
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        Ipv6Lan.addLanUlas(net);
        daemon = DaemonProcess.startIn(net.routerNamespace(),
                "--lan", net.routerLanInterface(), "--wan", net.routerWanInterface(), "--http-port", "0");
        DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
    }

    @AfterAll
    static void cleanUp() {
        DaemonProcess.stopAndRemove(daemon, net);
    }

    private static Processes.Result upnpc(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "upnpc";
        all[1] = "-6";
        all[2] = "-m";
        all[3] = net.lanHostInterface();
        all[4] = "-i";
        System.arraycopy(args, 0, all, 5, args.length);
        Processes.Result r = Processes.runIn(net.lanNamespace(), Duration.ofSeconds(20), all);
        System.out.println(String.join(" ", all) + "\n" + r);
        return r;
    }

    @Test
    void upnpcDrivesEveryPinholeAction() {
        Processes.Result status = upnpc("-S");
        assertThat(status.out()).as(status.toString())
                .containsPattern("(?i)FirewallEnabled: 1").containsPattern("(?i)Inbound ?Pinhole ?Allowed: 1");

        Processes.Result add = upnpc("-A", REMOTE, "0", LAN_ULA, "8080", "TCP", "3600");
        Matcher m = Pattern.compile("Pinhole ID = (\\d+)").matcher(add.out());
        assertThat(m.find()).as(add.toString()).isTrue();
        String id = m.group(1);

        Processes.Result update = upnpc("-U", id, "7200");
        // upnpc -U first calls CheckPinholeWorking (709 here), then UpdatePinhole
        assertThat(update.out()).as(update.toString()).contains("UpdatePinhole: Pinhole ID = " + id
                + " with Lease Time: 7200").doesNotContain("UpdatePinhole() failed");
        Processes.Result packets = upnpc("-K", id);
        assertThat(packets.out()).as(packets.toString()).contains("PinholePackets = 0");
        Processes.Result check = upnpc("-C", id);
        assertThat(check.out()).as(check.toString()).contains("709");

        Processes.Result foreign = upnpc("-A", REMOTE, "0", "fd77::3", "8080", "TCP", "3600");
        assertThat(foreign.out()).as(foreign.toString()).contains("606");

        Processes.Result delete = upnpc("-D", id);
        assertThat(delete.out()).as(delete.toString()).contains("UPNP_DeletePinhole() returned : 0");
        Processes.Result gone = upnpc("-K", id);
        assertThat(gone.out()).as(gone.toString()).contains("704");
    }
}
