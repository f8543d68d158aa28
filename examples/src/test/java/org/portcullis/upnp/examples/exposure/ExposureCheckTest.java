package org.portcullis.upnp.examples.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The checker on loopback: exit codes, the datagram bound, and lenient reading of answers. */
@Timeout(30)
class ExposureCheckTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ExposureCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badArgumentsExitTwo() {
        assertThat(run("not-an-ip")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("target must be an IP address").contains("Usage");
        assertThat(run()).isEqualTo(2);
        assertThat(run("--help")).isZero();
    }

    @Test
    void silentPortIsNotExposedAndAtMostThreeDatagramsAreSent() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            AtomicInteger received = new AtomicInteger();
            Thread counter = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    silent.setSoTimeout(2500);
                    while (true) {
                        silent.receive(new DatagramPacket(buf, buf.length));
                        received.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    // timeout or closed: counting is over
                }
            });
            counter.start();
            assertThat(run("127.0.0.1", "--timeout", "1", "--port", Integer.toString(silent.getLocalPort())))
                    .isZero();
            counter.join(5000);
            assertThat(received.get()).isBetween(1, SsdpUnicastProbe.MAX_DATAGRAMS);
            assertThat(out()).contains("verdict: NOT EXPOSED");
        }
    }

    @Test
    void anyAnswerIsExposureAndOldVersionsAreFlagged() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (DatagramSocket device = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String answer = "HTTP/1.1 200 OK\nST: upnp:rootdevice\nUSN: uuid:x::upnp:rootdevice\n"
                    + "SERVER: Linux/2.4 UPnP/1.0 Portable SDK for UPnP devices/1.6.6\n"
                    + "LOCATION: http://192.168.1.1:" + closedPort + "/desc.xml\n\n";
            Thread responder = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    device.receive(p);
                    byte[] a = answer.getBytes(StandardCharsets.US_ASCII);
                    device.send(new DatagramPacket(a, a.length, p.getSocketAddress()));
                } catch (java.io.IOException e) {
                    // test ends
                }
            });
            responder.start();
            assertThat(run("127.0.0.1", "--timeout", "1", "--port", Integer.toString(device.getLocalPort())))
                    .isEqualTo(1);
            responder.join(5000);
        }
        assertThat(out())
                .contains("ssdp: 1 answer(s)")
                .contains("SERVER=Linux/2.4 UPnP/1.0 Portable SDK for UPnP devices/1.6.6")
                // the LAN address in LOCATION is replaced by the probed one
                .contains("description: http://127.0.0.1:" + closedPort + "/desc.xml not usable: IO")
                .contains("product: libupnp 1.6.6")
                .contains("VULNERABLE: libupnp 1.6.6: CVE-2012-5958..CVE-2012-5965")
                .contains("verdict: EXPOSED");
    }

    @Test
    void answersAreReadLeniently() {
        SsdpUnicastProbe.Answer a = SsdpUnicastProbe.parse("HTTP/1.1 200 OK\r\nserver:  X/1 \nNoColon\r\n"
                + "Location:http://1.2.3.4/\r\nSERVER: second\r\n\r\n");
        assertThat(a.startLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(a.header("SERVER")).hasValue("X/1");
        assertThat(a.header("location")).hasValue("http://1.2.3.4/");
        assertThat(SsdpUnicastProbe.parse("").startLine()).isEmpty();
    }
}
