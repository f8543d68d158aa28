package org.portcullis.upnp.examples.exposure;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.portcullis.upnp.ssdp.codec.SsdpEncoder;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * Sends at most {@value #MAX_DATAGRAMS} unicast M-SEARCH datagrams to a target's SSDP port and collects what comes
 * back from that address within a timeout: {@code upnp:rootdevice}, then the IGD:1 device type, and one repeat of
 * the first if nothing has answered by half the time. Answers are read leniently (any line ending, at most
 * {@value #MAX_DATAGRAM_BYTES} bytes, at most {@value #MAX_ANSWERS} answers): any datagram from the target's SSDP
 * port shows exposure, well-formed or not.
 */
final class SsdpUnicastProbe {
    static final int MAX_DATAGRAMS = 3;
    static final int MAX_ANSWERS = 16;
    static final int MAX_DATAGRAM_BYTES = 2048;
    static final List<String> TARGETS = List.of("upnp:rootdevice",
            "urn:schemas-upnp-org:device:InternetGatewayDevice:1");

    /** One answer: its first line and headers (upper-case names; first occurrence kept). */
    record Answer(String startLine, Map<String, String> headers) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toUpperCase(Locale.ROOT)));
        }
    }

    /** What the probe saw. */
    record Result(int sent, List<Answer> answers) {}

    private SsdpUnicastProbe() {}

    static Result probe(InetSocketAddress target, Duration timeout) throws IOException {
        List<Answer> answers = new ArrayList<>();
        int sent = 0;
        try (DatagramSocket socket = new DatagramSocket(0)) {
            for (String st : TARGETS) {
                send(socket, target, st);
                sent++;
            }
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            boolean repeated = false;
            byte[] buf = new byte[MAX_DATAGRAM_BYTES + 1];
            while (answers.size() < MAX_ANSWERS) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    break;
                }
                if (!repeated && answers.isEmpty() && now - start >= timeout.toNanos() / 2) {
                    send(socket, target, TARGETS.get(0));
                    sent++;
                    repeated = true;
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(200, (deadline - now) / 1_000_000)));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (java.net.PortUnreachableException e) {
                    continue;
                }
                if (!p.getAddress().equals(target.getAddress())) {
                    continue;
                }
                answers.add(parse(new String(p.getData(), p.getOffset(), Math.min(p.getLength(), MAX_DATAGRAM_BYTES),
                        StandardCharsets.ISO_8859_1)));
            }
        }
        return new Result(sent, List.copyOf(answers));
    }

    private static void send(DatagramSocket socket, InetSocketAddress target, String st) throws IOException {
        byte[] wire = SsdpEncoder.encode(SsdpMessage.builder(SsdpMessage.Kind.M_SEARCH)
                .header("HOST", "239.255.255.250:1900")
                .header("MAN", "\"ssdp:discover\"")
                .header("MX", "1")
                .header("ST", st)
                .header("USER-AGENT", "Portcullis-ExposureCheck/0.1 UPnP/1.1")
                .build());
        socket.send(new DatagramPacket(wire, wire.length, target));
    }

    /** Lenient reading: lines split on LF with an optional CR, {@code Name: value} headers. */
    static Answer parse(String datagram) {
        String[] lines = datagram.split("\r?\n", 40);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length && i < 39; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).strip().toUpperCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        return new Answer(lines.length > 0 ? lines[0].strip() : "", headers);
    }
}
