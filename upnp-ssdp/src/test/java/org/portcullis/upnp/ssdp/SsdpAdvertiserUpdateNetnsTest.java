package org.portcullis.upnp.ssdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.testing.NetworkNamespaces;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.ssdp.codec.SsdpDecoder;
import org.portcullis.upnp.ssdp.codec.SsdpLimits;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * {@link SsdpAdvertiser#update(List)} on a multi-homed device (UDA 1.1 §1.2.4), inside a throw-away namespace on
 * {@code lo}: two served "interfaces" A (127.0.0.1) and B (127.0.0.2); B is replaced by C (127.0.0.3). Expected on
 * the group: A sends ssdp:update with the old BOOTID and NEXTBOOTID = old+1; B's notifications are withdrawn by a
 * byebye set; only then alive sets with the new BOOTID from A and C. An unchanged list is a no-op. Then A gains an
 * address but keeps its own: its sockets stay, no byebye, ssdp:update from A and C, alive with the next BOOTID.
 */
@Tag("netns")
class SsdpAdvertiserUpdateNetnsTest {
    private static final int PORT = 41901;
    private static final int SET = 10; // IGD:1 tree: 3 + 2*2 + 3

    @Test
    void changedInterfaceGetsByebyeUnchangedOneUpdateThenAliveWithNextBootId() throws Exception {
        Prerequisites.requireRoot();
        String ns = "pc" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-ssdpupd";
        try {
            NetworkNamespaces.ip("netns", "add", ns);
            NetworkNamespaces.exec(ns, "ip", "link", "set", "lo", "up");
            NetworkNamespaces.exec(ns, "ip", "link", "set", "lo", "multicast", "on");
            NetworkNamespaces.exec(ns, "ip", "route", "add", "239.0.0.0/8", "dev", "lo");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder("ip", "netns", "exec", ns, java, "-Xshare:off", "-Xmx128m",
                    "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                    .redirectErrorStream(true).start();
            boolean done = p.waitFor(30, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(done).as(out).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            List<String> lines = out.lines().filter(l -> l.startsWith("N ")).toList();
            long old = Long.parseLong(out.lines().filter(l -> l.startsWith("BOOTID ")).findFirst().orElseThrow()
                    .split(" ")[1]);
            long next = old + 1;
            assertThat(out).contains("SAME false", "CHANGED true", "BOOTID-AFTER " + next);
            List<String> updates = lines.stream().filter(l -> l.contains("nts=ssdp:update")).toList();
            assertThat(updates).as(out).hasSize(SET).allSatisfy(l -> assertThat(l).contains("boot=" + old,
                    "next=" + next, "location=http://127.0.0.1:5000/rootDesc.xml"));
            List<String> byebyes = lines.stream().filter(l -> l.contains("nts=ssdp:byebye")).toList();
            assertThat(byebyes).as(out).hasSize(SET).allSatisfy(l -> assertThat(l).contains("boot=" + old));
            List<String> alives = lines.stream().filter(l -> l.contains("nts=ssdp:alive")).toList();
            assertThat(alives).as(out).hasSize(2 * 2 * SET).allSatisfy(l -> assertThat(l).contains("boot=" + next));
            assertThat(alives).filteredOn(l -> l.contains("127.0.0.3")).hasSize(2 * SET);
            assertThat(alives).filteredOn(l -> l.contains("127.0.0.2")).isEmpty();
            int lastWithdraw = Math.max(lines.lastIndexOf(updates.get(SET - 1)), lines.lastIndexOf(byebyes.get(SET - 1)));
            assertThat(lastWithdraw).as("updates and byebyes before the first new alive").isLessThan(
                    lines.indexOf(alives.get(0)));
            // A gains an address but keeps its own: no byebye, its sockets stay; update then alive with next+1.
            assertThat(out).contains("GAINED true", "BOOTID-GAINED " + (next + 1));
            List<String> gained = out.lines().filter(l -> l.startsWith("M ")).toList();
            assertThat(gained).as(out).filteredOn(l -> l.contains("nts=ssdp:byebye")).isEmpty();
            assertThat(gained).filteredOn(l -> l.contains("nts=ssdp:update")).hasSize(2 * SET)
                    .allSatisfy(l -> assertThat(l).contains("boot=" + next, "next=" + (next + 1)));
            assertThat(gained).filteredOn(l -> l.contains("nts=ssdp:alive")).hasSize(2 * 2 * SET)
                    .allSatisfy(l -> assertThat(l).contains("boot=" + (next + 1)));
        } finally {
            NetworkNamespaces.delete(ns);
        }
    }

    /** Runs inside the namespace; prints each NOTIFY seen on the group after start-up. */
    static final class Probe {
        private Probe() {}

        static LanInterface lo(String address) throws IOException {
            return new LanInterface("lo", 1, List.of(new LanAddress(InetAddress.getByName(address), 8)));
        }

        public static void main(String[] args) throws Exception {
            NetworkInterface nif = NetworkInterface.getByName("lo");
            InetAddress group = InetAddress.getByName("239.255.255.250");
            Advertisement ad = new Advertisement(List.of(
                    new AdvertisedDevice(Udn.derived("u/root"), UpnpType.device("InternetGatewayDevice", 1),
                            List.of(UpnpType.service("Layer3Forwarding", 1))),
                    new AdvertisedDevice(Udn.derived("u/wan"), UpnpType.device("WANDevice", 1),
                            List.of(UpnpType.service("WANCommonInterfaceConfig", 1))),
                    new AdvertisedDevice(Udn.derived("u/conn"), UpnpType.device("WANConnectionDevice", 1),
                            List.of(UpnpType.service("WANIPConnection", 1)))),
                    "/rootDesc.xml", 5000);
            LanInterface a = lo("127.0.0.1");
            LanInterface b = lo("127.0.0.2");
            LanInterface c = lo("127.0.0.3");
            try (DatagramChannel listener = DatagramChannel.open(StandardProtocolFamily.INET)) {
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                listener.bind(new InetSocketAddress(group, PORT));
                listener.join(group, nif);
                listener.configureBlocking(false);
                SsdpConfig config = SsdpConfig.builder().interfaces(List.of(a, b)).port(PORT).ipv6(false)
                        .bootId(1000).build();
                try (SsdpAdvertiser advertiser = SsdpAdvertiser.start(config, ad)) {
                    Thread.sleep(1800);
                    drain(listener, null);
                    System.out.println("BOOTID " + advertiser.bootId());
                    System.out.println("SAME " + advertiser.update(List.of(a, b)));
                    System.out.println("CHANGED " + advertiser.update(List.of(a, c)));
                    System.out.println("BOOTID-AFTER " + advertiser.bootId());
                    Thread.sleep(1800);
                    drain(listener, "N ");
                    LanInterface a2 = new LanInterface("lo", 1, List.of(new LanAddress(InetAddress.getByName(
                            "127.0.0.1"), 8), new LanAddress(InetAddress.getByName("10.9.9.9"), 8)));
                    System.out.println("GAINED " + advertiser.update(List.of(a2, c)));
                    System.out.println("BOOTID-GAINED " + advertiser.bootId());
                    Thread.sleep(1800);
                    drain(listener, "M ");
                }
            }
        }

        /** Reads what is queued; prints each NOTIFY with {@code prefix} unless it is null. */
        private static void drain(DatagramChannel ch, String prefix) throws Exception {
            ByteBuffer buf = ByteBuffer.allocate(9000);
            while (true) {
                buf.clear();
                if (ch.receive(buf) == null) {
                    return;
                }
                buf.flip();
                byte[] bytes = new byte[buf.remaining()];
                buf.get(bytes);
                SsdpMessage m = SsdpDecoder.decode(bytes, SsdpLimits.DEFAULT);
                if (prefix != null && m.kind() == SsdpMessage.Kind.NOTIFY) {
                    System.out.println(prefix + "nts=" + m.header("NTS").orElse("-") + " boot="
                            + m.header("BOOTID.UPNP.ORG").orElse("-") + " next="
                            + m.header("NEXTBOOTID.UPNP.ORG").orElse("-") + " location="
                            + m.header("LOCATION").orElse("-"));
                }
            }
        }
    }
}
