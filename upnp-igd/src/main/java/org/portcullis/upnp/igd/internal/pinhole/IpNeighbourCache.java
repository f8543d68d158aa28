package org.portcullis.upnp.igd.internal.pinhole;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's IPv6 neighbour cache read with {@code ip -6 neigh show dev DEV} (iproute2), and neighbour discovery
 * triggered by one empty UDP datagram to the address's discard port (9): the kernel sends a Neighbor Solicitation
 * for it before the datagram can leave. Every call is bounded: the process gets {@value #PROCESS_TIMEOUT_MILLIS} ms
 * and at most {@value #MAX_LINES} lines of its output (written to a temporary file) are read.
 */
public final class IpNeighbourCache implements NeighbourCache {
    static final long PROCESS_TIMEOUT_MILLIS = 500;
    static final int MAX_LINES = 8192;
    private static final int DISCARD_PORT = 9;
    private static final Set<String> USABLE = Set.of("REACHABLE", "STALE", "DELAY", "PROBE", "PERMANENT");
    private static final Set<String> UNUSABLE = Set.of("INCOMPLETE", "FAILED", "NOARP", "NONE");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5,19}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.@:-]{1,15}");
    private static final Logger LOG = LoggerFactory.getLogger(IpNeighbourCache.class);

    private final String ip;

    /** Runs {@code ip} from the PATH. */
    public IpNeighbourCache() {
        this("ip");
    }

    IpNeighbourCache(String ipExecutable) {
        this.ip = ipExecutable;
    }

    @Override
    public Map<Inet6Address, String> usable(String device) throws NeighbourLookupException {
        if (!DEVICE.matcher(device).matches()) {
            throw new NeighbourLookupException("not an interface name: " + device);
        }
        Path out = null;
        Process p = null;
        try {
            // to a file, not a pipe: a full pipe would stall ip, and a read from a stalled ip would not be bounded
            out = Files.createTempFile("portcullis-neigh", ".txt");
            p = new ProcessBuilder(List.of(ip, "-6", "neigh", "show", "dev", device))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(PROCESS_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new NeighbourLookupException(ip + " did not finish in " + PROCESS_TIMEOUT_MILLIS + " ms");
            }
            if (p.exitValue() != 0) {
                throw new NeighbourLookupException(ip + " -6 neigh show dev " + device + " exited with "
                        + p.exitValue());
            }
            Map<Inet6Address, String> entries = new HashMap<>();
            try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.ISO_8859_1)) {
                String line;
                for (int n = 0; n < MAX_LINES && (line = r.readLine()) != null; n++) {
                    parse(line).ifPresent(e -> entries.put(e.address(), e.linkLayer()));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new NeighbourLookupException("cannot run " + ip + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NeighbourLookupException("interrupted while reading the neighbour cache", e);
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", out, e.toString());
                }
            }
        }
    }

    /** One usable neighbour. */
    record Entry(Inet6Address address, String linkLayer) {}

    /**
     * One line of {@code ip -6 neigh show dev DEV}: {@code ADDR [lladdr MAC] [router] [proxy] STATE...}. Empty unless
     * it has a link-layer address and a usable state and no unusable one.
     */
    static Optional<Entry> parse(String line) {
        String[] t = line.trim().split("\\s+");
        if (t.length < 2) {
            return Optional.empty();
        }
        Optional<Inet6Address> address = PinholeTable.parseIpv6(t[0]);
        String mac = null;
        boolean usable = false;
        for (int i = 1; i < t.length; i++) {
            if (t[i].equals("lladdr") && i + 1 < t.length) {
                mac = t[++i].toLowerCase(java.util.Locale.ROOT);
            } else if (UNUSABLE.contains(t[i])) {
                return Optional.empty();
            } else if (USABLE.contains(t[i])) {
                usable = true;
            }
        }
        if (address.isEmpty() || !usable || mac == null || !MAC.matcher(mac).matches() || mac.matches("[0:]*")) {
            return Optional.empty();
        }
        return Optional.of(new Entry(address.get(), mac));
    }

    @Override
    public void solicit(String device, Inet6Address address) {
        try (DatagramSocket s = new DatagramSocket()) {
            Inet6Address target = address;
            if (address.isLinkLocalAddress()) {
                NetworkInterface nif = NetworkInterface.getByName(device);
                if (nif == null) {
                    LOG.debug("cannot solicit {}: no interface {}", address.getHostAddress(), device);
                    return;
                }
                target = Inet6Address.getByAddress(null, address.getAddress(), nif);
            }
            s.send(new DatagramPacket(new byte[0], 0, new InetSocketAddress(target, DISCARD_PORT)));
        } catch (IOException e) {
            LOG.debug("cannot solicit {} on {}: {}", address.getHostAddress(), device, e.toString());
        }
    }

    @Override
    public String toString() {
        return "ip -6 neigh show dev DEV";
    }
}
