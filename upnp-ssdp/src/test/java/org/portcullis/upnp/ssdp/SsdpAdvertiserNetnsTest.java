package org.portcullis.upnp.ssdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.ssdp.codec.SsdpDecoder;
import org.portcullis.upnp.ssdp.codec.SsdpDecodingException;
import org.portcullis.upnp.ssdp.codec.SsdpLimits;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * Runs a real {@link SsdpAdvertiser} on {@code lo} inside a throw-away network namespace (SSDP multicast must never
 * leave from the root namespace): a nested {@link Probe} main searches by unicast and multicast, listens to the
 * group, closes the advertiser and prints what it saw; this test checks the transcript. Needs root and
 * {@code ip}; skips loudly otherwise, and fails instead under {@code CI=true}.
 */
@Tag("netns")
class SsdpAdvertiserNetnsTest {
    private static final int PORT = 41900;
    private static final int HTTP_PORT = 5000;
    private static final int NOTIFICATIONS = 3 + 2 * 2 + 3;

    @Test
    void advertisesAndAnswersInsideNamespace() throws Exception {
        requirePrerequisites();
        String ns = "pc" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-ssdp";
        try {
            ip("netns", "add", ns);
            ip("-n", ns, "link", "set", "lo", "up");
            ip("-n", ns, "link", "set", "lo", "multicast", "on");
            ip("-n", ns, "route", "add", "239.0.0.0/8", "dev", "lo");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder("ip", "netns", "exec", ns, java, "-Xshare:off", "-Xmx128m",
                    "-cp", System.getProperty("java.class.path"), Probe.class.getName(), Integer.toString(PORT))
                    .redirectErrorStream(true).start();
            boolean done = p.waitFor(20, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(done).as("probe finished in time; output:%n%s", out).isTrue();
            assertThat(p.exitValue()).as("probe exit; output:%n%s", out).isZero();
            List<String> lines = out.lines().toList();
            String root = Probe.ROOT.toString();
            String location = "http://127.0.0.1:" + HTTP_PORT + "/rootDesc.xml";

            assertThat(lines).as(out).contains(
                    "UNICAST from=/127.0.0.1:" + PORT + " st=upnp:rootdevice usn=" + root + "::upnp:rootdevice"
                            + " location=" + location,
                    "UNICAST from=/127.0.0.1:" + PORT + " st=urn:schemas-upnp-org:device:InternetGatewayDevice:1"
                            + " usn=" + root + "::urn:schemas-upnp-org:device:InternetGatewayDevice:1"
                            + " location=" + location);
            assertThat(lines.stream().filter(l -> l.startsWith("UNICAST"))).as(out).hasSize(2);
            assertThat(lines.stream().filter(l -> l.startsWith("MULTICAST from=/127.0.0.1:" + PORT)))
                    .as(out).hasSize(NOTIFICATIONS);
            assertThat(lines).as(out).containsOnlyOnce("SEARCHER SearchResult[st=urn:schemas-upnp-org:service:"
                    + "WANIPConnection:1, usn=" + Probe.CONN + "::urn:schemas-upnp-org:service:WANIPConnection:1,"
                    + " location=" + location + ", server=Linux/5 UPnP/1.0 Portcullis/0.1, from=/127.0.0.1:" + PORT
                    + "]");
            assertThat(lines).as(out).contains("NONE after bad MAN", "NONE after multicast without MX");
            // start: one byebye set then two alive sets; close: one byebye set
            assertThat(lines).as(out).contains(
                    "BEFORE-CLOSE byebye=" + NOTIFICATIONS + " alive=" + 2 * NOTIFICATIONS,
                    "AFTER-CLOSE byebye=" + NOTIFICATIONS + " alive=0");
            assertThat(lines).as(out).contains("NOTIFY nts=ssdp:alive nt=upnp:rootdevice usn=" + root
                    + "::upnp:rootdevice location=" + location + " cache-control=max-age=1800");
            assertThat(lines).as(out).contains("COUNTERS {ssdp.drop.invalid-search=2}");
        } finally {
            cleanUp(ns);
        }
    }

    private static void requirePrerequisites() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean root = "0".equals(run("id", "-u").strip());
        boolean ip = Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")) || Files.isExecutable(Path.of("/bin/ip"));
        String why = !root ? "not root" : !ip ? "no ip(8) binary" : null;
        if (why != null) {
            String msg = "SKIPPING SsdpAdvertiserNetnsTest: " + why
                    + " (a network namespace is required: SSDP multicast is never sent from the root namespace)";
            if (ci) {
                throw new AssertionError("CI=true and " + msg);
            }
            System.err.println("!!!!! " + msg);
            Assumptions.abort(msg);
        }
    }

    private static void cleanUp(String ns) {
        try {
            for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            run("ip", "netns", "del", ns);
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("could not delete namespace " + ns + ": " + e);
        }
    }

    private static void ip(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** Runs inside the namespace; prints one line per observation. */
    static final class Probe {
        static final Udn ROOT = Udn.parse("uuid:0f0e0d0c-0b0a-4998-8776-655443322110");
        static final Udn WAN = Udn.parse("uuid:0f0e0d0c-0b0a-4998-8776-655443322111");
        static final Udn CONN = Udn.parse("uuid:0f0e0d0c-0b0a-4998-8776-655443322112");

        private Probe() {}

        public static void main(String[] args) throws Exception {
            int port = Integer.parseInt(args[0]);
            LanInterface lo = LanInterface.lookup("lo");
            NetworkInterface nif = NetworkInterface.getByName("lo");
            Inet4Address group = (Inet4Address) InetAddress.getByName("239.255.255.250");
            Advertisement ad = new Advertisement(List.of(
                    new AdvertisedDevice(ROOT, UpnpType.device("InternetGatewayDevice", 2),
                            List.of(UpnpType.service("Layer3Forwarding", 1))),
                    new AdvertisedDevice(WAN, UpnpType.device("WANDevice", 2),
                            List.of(UpnpType.service("WANCommonInterfaceConfig", 1))),
                    new AdvertisedDevice(CONN, UpnpType.device("WANConnectionDevice", 2),
                            List.of(UpnpType.service("WANIPConnection", 2)))),
                    "/rootDesc.xml", HTTP_PORT);
            try (DatagramChannel listener = DatagramChannel.open(StandardProtocolFamily.INET);
                    DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                listener.bind(new InetSocketAddress(group, port));
                listener.join(group, nif);
                listener.configureBlocking(false);
                client.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                client.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
                client.bind(new InetSocketAddress("127.0.0.1", 0));
                client.configureBlocking(false);

                SsdpConfig config = SsdpConfig.builder().interfaces(List.of(lo)).port(port).build();
                SsdpAdvertiser advertiser = SsdpAdvertiser.start(config, ad);
                InetSocketAddress unicast = new InetSocketAddress("127.0.0.1", port);
                InetSocketAddress multicast = new InetSocketAddress(group, port);

                send(client, unicast, search(null, "\"ssdp:discover\"", "upnp:rootdevice"));
                send(client, unicast, search(null, "\"ssdp:discover\"",
                        "urn:schemas-upnp-org:device:InternetGatewayDevice:1"));
                collect(client, 800, "UNICAST");
                send(client, unicast, search(null, "ssdp:discover", "ssdp:all"));
                if (collect(client, 500, "UNICAST") == 0) {
                    System.out.println("NONE after bad MAN");
                }
                send(client, multicast, search(null, "\"ssdp:discover\"", "ssdp:all"));
                if (collect(client, 500, "MULTICAST") == 0) {
                    System.out.println("NONE after multicast without MX");
                }
                send(client, multicast, search("1", "\"ssdp:discover\"", "ssdp:all"));
                collect(client, 1600, "MULTICAST");
                for (SearchResult r : SsdpSearcher.search(lo, port,
                        "urn:schemas-upnp-org:service:WANIPConnection:1", Duration.ofSeconds(1), new DropCounters())) {
                    System.out.println("SEARCHER " + r);
                }
                printNotifies(listener, "BEFORE-CLOSE");
                System.out.println("COUNTERS " + advertiser.counters().snapshot());
                advertiser.close();
                advertiser.close();
                Thread.sleep(300);
                printNotifies(listener, "AFTER-CLOSE");
            }
        }

        private static String search(String mx, String man, String st) {
            return "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: " + man + "\r\n"
                    + (mx == null ? "" : "MX: " + mx + "\r\n") + "ST: " + st + "\r\n\r\n";
        }

        private static void send(DatagramChannel ch, InetSocketAddress to, String text) throws IOException {
            ch.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), to);
        }

        private static int collect(DatagramChannel ch, long millis, String label) throws Exception {
            int n = 0;
            long end = System.nanoTime() + millis * 1_000_000;
            ByteBuffer buf = ByteBuffer.allocate(9000);
            while (System.nanoTime() < end) {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) ch.receive(buf);
                if (from == null) {
                    Thread.sleep(10);
                    continue;
                }
                SsdpMessage m = decode(buf);
                n++;
                System.out.println(label + " from=" + from + " st=" + m.header("st").orElse("-")
                        + " usn=" + m.header("usn").orElse("-") + " location=" + m.header("location").orElse("-"));
            }
            return n;
        }

        private static void printNotifies(DatagramChannel listener, String label) throws Exception {
            int byebye = 0;
            int alive = 0;
            ByteBuffer buf = ByteBuffer.allocate(9000);
            while (true) {
                buf.clear();
                if (listener.receive(buf) == null) {
                    break;
                }
                SsdpMessage m = decode(buf);
                if (m.kind() != SsdpMessage.Kind.NOTIFY) {
                    continue; // our own M-SEARCHes
                }
                String nts = m.header("nts").orElse("-");
                if (nts.equals("ssdp:byebye")) {
                    byebye++;
                } else if (nts.equals("ssdp:alive")) {
                    alive++;
                    System.out.println("NOTIFY nts=" + nts + " nt=" + m.header("nt").orElse("-") + " usn="
                            + m.header("usn").orElse("-") + " location=" + m.header("location").orElse("-")
                            + " cache-control=" + m.header("cache-control").orElse("-"));
                }
            }
            System.out.println(label + " byebye=" + byebye + " alive=" + alive);
        }

        private static SsdpMessage decode(ByteBuffer buf) throws SsdpDecodingException {
            buf.flip();
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            return SsdpDecoder.decode(b, SsdpLimits.DEFAULT);
        }
    }
}
