package org.portcullis.upnp.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal SSDP peer for namespace tests, run as {@code /usr/bin/python3} inside a namespace (so the test JVM never
 * sends multicast from the root namespace). It sends an M-SEARCH and collects the answers, or listens on
 * 239.255.255.250:1900 for NOTIFYs. Each datagram it prints is framed by {@code ---FROM addr:port---} and
 * {@code ---END---} lines.
 */
public final class SsdpProbe {
    public static final String GROUP = "239.255.255.250";
    public static final int PORT = 1900;
    private static final String PYTHON = "/usr/bin/python3";
    private static final Pattern DATAGRAM = Pattern.compile("---FROM ([^\\s]+)---\\n(.*?)---END---\\n", Pattern.DOTALL);

    /**
     * Python: prints each datagram on socket {@code s} (IPv4 or IPv6) in the format {@link #parse} reads until
     * {@code wait} seconds have passed; needs {@code socket} and {@code time} imported. IPv6 senders are printed in
     * brackets.
     */
    public static final String RECEIVE_LOOP = """
            end = time.monotonic() + wait
            while True:
                left = end - time.monotonic()
                if left <= 0:
                    break
                s.settimeout(left)
                try:
                    data, addr = s.recvfrom(65535)
                except socket.timeout:
                    break
                print('---FROM %s:%d---' % ('[%s]' % addr[0] if ':' in addr[0] else addr[0], addr[1]))
                print(data.decode('latin-1').replace('\\r\\n', '\\n').rstrip('\\n'))
                print('---END---', flush=True)
            """;

    /** argv: dest_host dest_port bind_dev st wait_seconds. Binds to the device so the packet leaves there. */
    private static final String SEARCH = """
            import socket, sys, time
            host, port, dev, st, wait = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
            s.setsockopt(socket.SOL_SOCKET, 25, dev.encode() + b'\\0')  # SO_BINDTODEVICE
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 2)
            msg = ('M-SEARCH * HTTP/1.1\\r\\nHOST: 239.255.255.250:1900\\r\\nMAN: "ssdp:discover"\\r\\n'
                   'MX: 1\\r\\nST: ' + st + '\\r\\nUSER-AGENT: Linux/6 UPnP/1.1 portcullis-probe/1\\r\\n\\r\\n')
            s.sendto(msg.encode(), (host, port))
            print('SENT', flush=True)
            """ + RECEIVE_LOOP;

    /** argv: interface_address seconds. Joins the SSDP group on that interface and prints what arrives. */
    private static final String LISTEN = """
            import socket, struct, sys, time
            ifaddr, wait = sys.argv[1], float(sys.argv[2])
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(('', 1900))
            mreq = struct.pack('4s4s', socket.inet_aton('239.255.255.250'), socket.inet_aton(ifaddr))
            s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
            print('LISTENING', flush=True)
            """ + RECEIVE_LOOP;

    private SsdpProbe() {}

    /** One received datagram: sender and text (CRLF turned into LF). */
    public record Datagram(String from, String text) {
        /** The value of header {@code name} (case-insensitive), or empty. */
        public Optional<String> header(String name) {
            for (String line : text.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                    return Optional.of(line.substring(colon + 1).strip());
                }
            }
            return Optional.empty();
        }

        public String startLine() {
            int nl = text.indexOf('\n');
            return nl < 0 ? text : text.substring(0, nl);
        }
    }

    /**
     * Sends one M-SEARCH from namespace {@code ns} out of {@code device} to {@code host:port} (unicast, or the
     * group) and returns what answers within {@code wait}.
     */
    public static List<Datagram> search(String ns, String device, String host, int port, String st, Duration wait) {
        Processes.Result r = Processes.runIn(ns, wait.plusSeconds(10), PYTHON, "-c", SEARCH, host,
                Integer.toString(port), device, st, Double.toString(wait.toMillis() / 1000.0));
        if (!r.ok() || !r.out().startsWith("SENT")) {
            throw new IllegalStateException("M-SEARCH probe failed: " + r);
        }
        return parse(r.out());
    }

    /**
     * Starts a listener in {@code ns} joined to the SSDP group on the interface with address
     * {@code interfaceAddress}, for at most {@code lifetime}; returns once it is listening.
     */
    public static Processes.Background listen(String ns, String interfaceAddress, Duration lifetime) {
        Processes.Background p = Processes.startIn(ns, PYTHON, "-u", "-c", LISTEN, interfaceAddress,
                Double.toString(lifetime.toMillis() / 1000.0));
        if (p.waitForLine("^LISTENING$", Duration.ofSeconds(10)).isEmpty()) {
            p.close();
            throw new IllegalStateException("SSDP listener did not start: " + p);
        }
        return p;
    }

    /** The datagrams in a probe's output. */
    public static List<Datagram> parse(String output) {
        List<Datagram> out = new ArrayList<>();
        Matcher m = DATAGRAM.matcher(output);
        while (m.find()) {
            out.add(new Datagram(m.group(1), m.group(2)));
        }
        return out;
    }
}
