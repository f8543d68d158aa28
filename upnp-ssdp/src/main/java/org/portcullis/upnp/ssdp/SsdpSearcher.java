package org.portcullis.upnp.ssdp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.LanSourceFilter;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;
import org.portcullis.upnp.core.net.LanAddresses;
import org.portcullis.upnp.core.net.LanBindingException;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.ssdp.codec.SsdpDecoder;
import org.portcullis.upnp.ssdp.internal.NetworkInterfaces;
import org.portcullis.upnp.ssdp.codec.SsdpDecodingException;
import org.portcullis.upnp.ssdp.codec.SsdpEncoder;
import org.portcullis.upnp.ssdp.codec.SsdpLimits;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * A one-shot control-point search (UDA 1.1 §1.3.2) on one LAN interface: sends a multicast M-SEARCH from that
 * interface's IPv4 address and collects the responses that arrive before the timeout. Responses from
 * sources off the interface's subnets are counted as {@value LanSourceFilter#DROPPED}, undecodable ones as
 * {@value SsdpAdvertiser#DROP_MALFORMED}.
 *
 * <pre>{@code
 * List<SearchResult> igds = SsdpSearcher.search(LanInterface.lookup("br-lan"),
 *         "urn:schemas-upnp-org:device:InternetGatewayDevice:1", Duration.ofSeconds(3));
 * }</pre>
 *
 * <p>Only responses ({@code HTTP/1.1 200 OK}) from a source on a subnet of the interface are kept; they need ST,
 * USN and LOCATION. Duplicates (same USN, LOCATION and sender) are collapsed. Other datagrams are dropped and
 * counted as in {@link SsdpAdvertiser}. The call blocks the calling thread for the whole timeout: never call it on
 * an event loop. Thread-safe (each call uses its own socket).
 */
public final class SsdpSearcher {
    private static final RateLimitedLog LOG = RateLimitedLog.security();

    private SsdpSearcher() {}

    /** Searches on the standard port {@value SsdpConfig#DEFAULT_PORT}. */
    public static List<SearchResult> search(LanInterface lan, String searchTarget, Duration timeout)
            throws InterruptedException {
        return search(lan, SsdpConfig.DEFAULT_PORT, searchTarget, timeout, new DropCounters());
    }

    /**
     * Searches for {@code searchTarget} on {@code lan}, sending to the SSDP group at {@code port}.
     *
     * @param timeout  how long to collect responses, 1..10 s; MX is the whole seconds of it, clamped to 1..5
     * @param counters where dropped datagrams are counted
     * @throws LanBindingException      when the interface cannot be used
     * @throws IllegalArgumentException for an invalid target or timeout
     * @throws InterruptedException     when interrupted while waiting
     */
    public static List<SearchResult> search(LanInterface lan, int port, String searchTarget, Duration timeout,
            DropCounters counters) throws InterruptedException {
        Objects.requireNonNull(lan, "lan");
        Objects.requireNonNull(counters, "counters");
        if (searchTarget == null || searchTarget.isBlank()) {
            throw new IllegalArgumentException("empty search target");
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("timeout must be 1..10 s");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        long mx = Math.max(1, Math.min(5, timeout.toSeconds()));
        SsdpMessage search = SsdpMessage.builder(SsdpMessage.Kind.M_SEARCH)
                .header("HOST", SsdpConfig.DEFAULT_MULTICAST_GROUP + ':' + port)
                .header("MAN", "\"ssdp:discover\"")
                .header("MX", Long.toString(mx))
                .header("ST", searchTarget)
                .header("USER-AGENT", SsdpConfig.DEFAULT_SERVER_HEADER)
                .build();
        InetAddress ip = lan.ipv4().orElseThrow(
                () -> new LanBindingException("interface " + lan.name() + " has no IPv4 address")).address();
        NetworkInterface nif = NetworkInterfaces.of(lan);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(ip, 0))) {
            socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            socket.setOption(StandardSocketOptions.IP_MULTICAST_TTL, SsdpConfig.DEFAULT_MULTICAST_TTL);
            socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, nif.isLoopback());
            byte[] wire = SsdpEncoder.encode(search);
            socket.send(new DatagramPacket(wire, wire.length,
                    new InetSocketAddress(SsdpConfig.DEFAULT_MULTICAST_GROUP, port)));
            return collect(socket, lan, System.nanoTime() + timeout.toNanos(), counters);
        } catch (IOException e) {
            throw new LanBindingException("SSDP search on " + lan.name() + " failed: " + e.getMessage());
        }
    }

    private static List<SearchResult> collect(DatagramSocket socket, LanInterface lan, long deadline,
            DropCounters counters) throws IOException, InterruptedException {
        LinkedHashSet<SearchResult> out = new LinkedHashSet<>();
        byte[] buf = new byte[SsdpLimits.DEFAULT_MAX_DATAGRAM_BYTES + 1];
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return new ArrayList<>(out);
            }
            socket.setSoTimeout((int) Math.min(left, 200));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
            if (!LanAddresses.isLan(from.getAddress()) || !lan.covers(from.getAddress())) {
                counters.increment(LanSourceFilter.DROPPED);
                LOG.debug("dropped SSDP response from non-LAN source {}", from);
                continue;
            }
            parse(Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength()), from, counters)
                    .ifPresent(out::add);
        }
    }

    /** The result carried by a datagram, if it is a complete search response. */
    static Optional<SearchResult> parse(byte[] datagram, InetSocketAddress from, DropCounters counters) {
        SsdpMessage m;
        try {
            m = SsdpDecoder.decode(datagram, SsdpLimits.DEFAULT);
        } catch (SsdpDecodingException e) {
            counters.increment(SsdpAdvertiser.DROP_MALFORMED);
            LOG.debug("dropped malformed SSDP response from {}: {}", from, e.getMessage());
            return Optional.empty();
        }
        Optional<String> st = m.header("ST");
        Optional<String> usn = m.header("USN");
        Optional<String> location = m.header("LOCATION");
        if (m.kind() != SsdpMessage.Kind.RESPONSE || st.isEmpty() || usn.isEmpty() || location.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SearchResult(st.get(), usn.get(), location.get(), m.header("SERVER").orElse(""),
                from));
    }
}
