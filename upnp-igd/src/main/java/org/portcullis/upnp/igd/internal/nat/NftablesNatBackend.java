package org.portcullis.upnp.igd.internal.nat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.portcullis.upnp.igd.PinholeRule;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.spi.NatBackend;
import org.portcullis.upnp.igd.spi.NatBackendException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NAT through nftables: one table of our own ({@code ip portcullis} by default) holding
 *
 * <ul>
 *   <li>verdict-free maps from external port (or remote host and external port) to internal address and port, used
 *       by one {@code dnat} rule per protocol in a prerouting chain on the WAN interface;</li>
 *   <li>sets of internal (address, port) pairs that a forward chain accepts for DNATed connections;</li>
 *   <li>an input chain dropping UDP 1900 and the IGD's HTTP port on the WAN interface (the firewall rule the 2013
 *       SSDP advisories asked router owners to add), on by default.</li>
 * </ul>
 *
 * <p>IPv6 pinholes (on unless {@code ipv6Firewall} is off) live in a second table of ours, {@code ip6 portcullis},
 * which owns the IPv6 inbound policy of the WAN interface as a CPE firewall does (RFC 6092 "simple security"):
 * its forward chain sends everything arriving on the WAN interface to a chain that accepts what matches a pinhole,
 * then established and related traffic, then the ICMPv6 that RFC 4890 §4.3.1 says must not be dropped
 * (destination unreachable, packet too big, time exceeded, parameter problem, echo request and reply), and drops
 * the rest. Without that drop a router without a firewall of its own forwards every inbound IPv6 packet, and a
 * pinhole means nothing. The reverse limitation holds on a router with its own firewall: every base chain at a hook
 * sees each packet, so an {@code accept} here cannot override a {@code drop} in another table; there the router's
 * firewall must let the pinholes' traffic through, or this policy replace its IPv6 inbound rules.
 *
 * <p>Pinholes are elements of four hash sets, one per wildcard shape (remote host and port given, host only, port
 * only, neither), each matched by one rule; a set, unlike an interval set, accepts two pinholes where one's match is
 * inside the other's (nft 1.0.6 refuses overlapping elements in a concatenated interval set with "File exists").
 * Each element carries its own {@code counter}, which GetPinholePackets reads with {@code nft get element} (one
 * lookup, whatever the set's size). The protocol wildcard (65535) becomes one element per port-carrying protocol
 * (TCP, UDP, UDP-Lite), since the others have no ports to match.
 *
 * <p>Each change is one {@code nft -f -} batch that adds or deletes map and set elements; nftables applies a batch
 * atomically, and an element update costs the same whatever the map's size, so adding the 10,000th mapping costs
 * what the 10th did (unlike a rule per mapping, which miniupnpd's nftables backend appends and searches). Calls
 * come from the IGD worker thread, never an event loop; each spawned {@code nft} is bounded by
 * {@value #NFT_TIMEOUT_SECONDS} s. {@link #close()} deletes the table. Not for concurrent use by several IGDs.
 */
public final class NftablesNatBackend implements NatBackend {
    static final long NFT_TIMEOUT_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(NftablesNatBackend.class);
    private static final int MAX_STDERR = 4096;

    private final String table;
    private final String wanInterface;
    private final boolean wanDrop;
    private final String nft;
    private final Map<PortMapping.Key, PortMapping> installed = new LinkedHashMap<>();
    private final Map<String, Integer> forwardRefs = new HashMap<>();
    private final boolean ipv6Firewall;
    private final Map<Integer, PinholeRule> pinholes = new LinkedHashMap<>();
    private final Map<String, Integer> pinholeElements = new HashMap<>(); // "set element" -> pinhole id
    private int httpPort;

    /** The four pinhole sets by wildcard shape: name, type, the packet's key expression. */
    private enum PinholeSet {
        HOST_PORT("ph_host_port", "ipv6_addr . inet_service . ipv6_addr . inet_proto . inet_service",
                "ip6 saddr . th sport . ip6 daddr . meta l4proto . th dport"),
        HOST("ph_host", "ipv6_addr . ipv6_addr . inet_proto . inet_service",
                "ip6 saddr . ip6 daddr . meta l4proto . th dport"),
        PORT("ph_port", "inet_service . ipv6_addr . inet_proto . inet_service",
                "th sport . ip6 daddr . meta l4proto . th dport"),
        ANY("ph_any", "ipv6_addr . inet_proto . inet_service", "ip6 daddr . meta l4proto . th dport");

        final String set;
        final String type;
        final String key;

        PinholeSet(String set, String type, String key) {
            this.set = set;
            this.type = type;
            this.key = key;
        }

        static PinholeSet of(PinholeRule r) {
            if (r.anyRemoteHost()) {
                return r.anyRemotePort() ? ANY : PORT;
            }
            return r.anyRemotePort() ? HOST : HOST_PORT;
        }
    }

    /**
     * Creates the table (replacing one left by an earlier run).
     *
     * @param table        nftables table name (family ip)
     * @param wanInterface the WAN interface: DNAT and the drops apply to traffic arriving on it
     * @param wanDrop      whether to drop UDP 1900 and the HTTP port arriving on the WAN interface
     * @param nft          the nft executable
     */
    public NftablesNatBackend(String table, String wanInterface, boolean wanDrop, String nft)
            throws NatBackendException {
        this(table, wanInterface, wanDrop, true, nft);
    }

    /**
     * Creates the tables (replacing those left by an earlier run).
     *
     * @param table        nftables table name (family ip, and family ip6 for the IPv6 inbound policy)
     * @param wanInterface the WAN interface: DNAT, the drops and the IPv6 inbound policy apply to traffic arriving on
     *                     it
     * @param wanDrop      whether to drop UDP 1900 and the HTTP port arriving on the WAN interface
     * @param ipv6Firewall whether to own the IPv6 inbound policy of the WAN interface and install pinholes; off,
     *                     {@link #addPinhole} refuses
     * @param nft          the nft executable
     */
    public NftablesNatBackend(String table, String wanInterface, boolean wanDrop, boolean ipv6Firewall, String nft)
            throws NatBackendException {
        if (!table.matches("[A-Za-z][A-Za-z0-9_]{0,31}") || !wanInterface.matches("[A-Za-z0-9._@-]{1,15}")) {
            throw new NatBackendException("invalid nftables table or interface name");
        }
        this.table = table;
        this.wanInterface = wanInterface;
        this.wanDrop = wanDrop;
        this.ipv6Firewall = ipv6Firewall;
        this.nft = nft;
        run(definition() + (ipv6Firewall ? ipv6Definition() : ""));
    }

    /** The {@code ip6} table: pinhole sets and the WAN interface's inbound policy (RFC 6092, RFC 4890). */
    String ipv6Definition() {
        String t = "ip6 " + table;
        StringBuilder b = new StringBuilder();
        b.append("table ").append(t).append('\n').append("delete table ").append(t).append('\n');
        b.append("table ").append(t).append(" {\n");
        for (PinholeSet s : PinholeSet.values()) {
            b.append("  set ").append(s.set).append(" { type ").append(s.type).append("; counter; }\n");
        }
        b.append("  chain forward {\n    type filter hook forward priority filter; policy accept;\n");
        b.append("    iifname \"").append(wanInterface).append("\" jump wan_inbound\n  }\n");
        b.append("  chain wan_inbound {\n");
        // Pinholes first, so that every packet a pinhole lets through is counted, not only a connection's first.
        for (PinholeSet s : PinholeSet.values()) {
            b.append("    ").append(s.key).append(" @").append(s.set).append(" accept\n");
        }
        b.append("    ct state established,related accept\n");
        b.append("    icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem, ")
                .append("echo-request, echo-reply } accept\n");
        b.append("    drop\n  }\n}\n");
        return b.toString();
    }

    private String definition() {
        String t = "ip " + table;
        StringBuilder b = new StringBuilder();
        b.append("table ").append(t).append('\n').append("delete table ").append(t).append('\n');
        b.append("table ").append(t).append(" {\n");
        for (String p : new String[] {"tcp", "udp"}) {
            b.append("  map dnat_").append(p).append(" { type inet_service : ipv4_addr . inet_service; }\n");
            b.append("  map dnat_src_").append(p)
                    .append(" { type ipv4_addr . inet_service : ipv4_addr . inet_service; }\n");
            b.append("  set fwd_").append(p).append(" { type ipv4_addr . inet_service; }\n");
        }
        b.append("  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n");
        for (String p : new String[] {"tcp", "udp"}) {
            b.append("    iifname \"").append(wanInterface).append("\" dnat ip to ip saddr . ").append(p)
                    .append(" dport map @dnat_src_").append(p).append('\n');
        }
        for (String p : new String[] {"tcp", "udp"}) {
            b.append("    iifname \"").append(wanInterface).append("\" dnat ip to ").append(p)
                    .append(" dport map @dnat_").append(p).append('\n');
        }
        b.append("  }\n  chain forward {\n    type filter hook forward priority filter; policy accept;\n");
        for (String p : new String[] {"tcp", "udp"}) {
            b.append("    ct status dnat ip daddr . ").append(p).append(" dport @fwd_").append(p).append(" accept\n");
        }
        b.append("  }\n  chain input {\n    type filter hook input priority filter; policy accept;\n");
        if (wanDrop) {
            b.append("    iifname \"").append(wanInterface).append("\" udp dport 1900 drop\n");
            if (httpPort > 0) {
                b.append("    iifname \"").append(wanInterface).append("\" tcp dport ").append(httpPort)
                        .append(" drop\n");
            }
        }
        b.append("  }\n}\n");
        return b.toString();
    }

    @Override
    public synchronized void serving(int port) throws NatBackendException {
        if (wanDrop && port > 0) {
            run("add rule ip " + table + " input iifname \"" + wanInterface + "\" tcp dport " + port + " drop\n");
            httpPort = port;
        }
    }

    @Override
    public synchronized void add(PortMapping m) throws NatBackendException {
        StringBuilder b = new StringBuilder();
        PortMapping old = installed.get(m.key());
        Map<String, Integer> refs = new HashMap<>(forwardRefs);
        if (old != null) {
            deleteElements(b, old, refs);
        }
        addElements(b, m, refs);
        run(b.toString());
        installed.put(m.key(), m);
        forwardRefs.clear();
        forwardRefs.putAll(refs);
    }

    @Override
    public synchronized void remove(PortMapping m) throws NatBackendException {
        PortMapping old = installed.get(m.key());
        if (old == null) {
            return;
        }
        StringBuilder b = new StringBuilder();
        Map<String, Integer> refs = new HashMap<>(forwardRefs);
        deleteElements(b, old, refs);
        run(b.toString());
        installed.remove(m.key());
        forwardRefs.clear();
        forwardRefs.putAll(refs);
    }

    /** Replaces every element in one atomic batch. */
    @Override
    public synchronized void reconcile(List<PortMapping> wanted) throws NatBackendException {
        StringBuilder b = new StringBuilder();
        for (String p : new String[] {"tcp", "udp"}) {
            b.append("flush map ip ").append(table).append(" dnat_").append(p).append('\n');
            b.append("flush map ip ").append(table).append(" dnat_src_").append(p).append('\n');
            b.append("flush set ip ").append(table).append(" fwd_").append(p).append('\n');
        }
        Map<String, Integer> refs = new HashMap<>();
        Map<PortMapping.Key, PortMapping> now = new LinkedHashMap<>();
        for (PortMapping m : wanted) {
            if (now.put(m.key(), m) == null) {
                addElements(b, m, refs);
            }
        }
        run(b.toString());
        installed.clear();
        installed.putAll(now);
        forwardRefs.clear();
        forwardRefs.putAll(refs);
    }

    @Override
    public synchronized List<PortMapping> installed() {
        return new ArrayList<>(installed.values());
    }

    /** Deletes the tables. */
    @Override
    public synchronized void close() throws NatBackendException {
        run("delete table ip " + table + "\n" + (ipv6Firewall ? "delete table ip6 " + table + "\n" : ""));
        installed.clear();
        forwardRefs.clear();
        pinholes.clear();
        pinholeElements.clear();
    }

    @Override
    public synchronized void addPinhole(PinholeRule rule) throws NatBackendException {
        checkIpv6Firewall();
        PinholeRule old = pinholes.get(rule.id());
        if (rule.equals(old)) {
            return;
        }
        Map<String, Integer> owners = new HashMap<>(pinholeElements);
        StringBuilder b = new StringBuilder();
        if (old != null) {
            for (String e : pinholeElements(old)) {
                owners.remove(e);
                b.append("delete element ").append(e).append('\n');
            }
        }
        for (String e : pinholeElements(rule)) {
            Integer other = owners.putIfAbsent(e, rule.id());
            if (other != null) {
                throw new NatBackendException("pinhole " + rule.id() + " overlaps pinhole " + other);
            }
            b.append("add element ").append(e).append('\n');
        }
        run(b.toString());
        pinholes.put(rule.id(), rule);
        pinholeElements.clear();
        pinholeElements.putAll(owners);
    }

    @Override
    public synchronized void removePinhole(PinholeRule rule) throws NatBackendException {
        PinholeRule old = pinholes.get(rule.id());
        if (old == null) {
            return;
        }
        StringBuilder b = new StringBuilder();
        for (String e : pinholeElements(old)) {
            b.append("delete element ").append(e).append('\n');
        }
        run(b.toString());
        pinholes.remove(rule.id());
        pinholeElements.values().removeIf(id -> id == rule.id());
    }

    @Override
    public synchronized List<PinholeRule> installedPinholes() {
        return new ArrayList<>(pinholes.values());
    }

    /** Replaces every pinhole element in one atomic batch (counters start again at 0). */
    @Override
    public synchronized void reconcilePinholes(List<PinholeRule> wanted) throws NatBackendException {
        if (!ipv6Firewall) {
            if (!wanted.isEmpty()) {
                checkIpv6Firewall();
            }
            return;
        }
        StringBuilder b = new StringBuilder();
        for (PinholeSet s : PinholeSet.values()) {
            b.append("flush set ip6 ").append(table).append(' ').append(s.set).append('\n');
        }
        Map<Integer, PinholeRule> now = new LinkedHashMap<>();
        Map<String, Integer> owners = new HashMap<>();
        for (PinholeRule r : wanted) {
            if (now.putIfAbsent(r.id(), r) != null) {
                continue;
            }
            for (String e : pinholeElements(r)) {
                Integer other = owners.putIfAbsent(e, r.id());
                if (other != null) {
                    throw new NatBackendException("pinhole " + r.id() + " overlaps pinhole " + other);
                }
                b.append("add element ").append(e).append('\n');
            }
        }
        run(b.toString());
        pinholes.clear();
        pinholes.putAll(now);
        pinholeElements.clear();
        pinholeElements.putAll(owners);
    }

    private static final Pattern PACKETS = Pattern.compile("counter packets (\\d{1,19})");

    /** The sum of the counters of the pinhole's elements, read with one {@code nft get element} per element. */
    @Override
    public synchronized OptionalLong pinholePackets(int id) throws NatBackendException {
        PinholeRule r = pinholes.get(id);
        if (r == null) {
            return OptionalLong.empty();
        }
        long sum = 0;
        for (String e : pinholeElements(r)) {
            Matcher m = PACKETS.matcher(runForOutput("get element " + e + "\n"));
            if (!m.find()) {
                throw new NatBackendException("nft printed no counter for pinhole " + id);
            }
            sum += Long.parseLong(m.group(1));
        }
        return OptionalLong.of(sum);
    }

    /**
     * The conntrack idle timeout of this network namespace for an established connection: TCP's
     * {@code nf_conntrack_tcp_timeout_established}, UDP's (and UDP-Lite's) {@code nf_conntrack_udp_timeout_stream};
     * empty when the IPv6 policy is not ours or conntrack is not loaded.
     */
    @Override
    public OptionalLong outboundPinholeTimeout(int protocol) {
        if (!ipv6Firewall) {
            return OptionalLong.empty();
        }
        String name = protocol == PinholeRule.TCP ? "nf_conntrack_tcp_timeout_established"
                : "nf_conntrack_udp_timeout_stream";
        try {
            String v = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/netfilter", name)).strip();
            return v.matches("\\d{1,10}") ? OptionalLong.of(Long.parseLong(v)) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private void checkIpv6Firewall() throws NatBackendException {
        if (!ipv6Firewall) {
            throw new NatBackendException("pinholes need the IPv6 inbound policy, which is off for this backend");
        }
    }

    /** The {@code ip6 <table> <set> { element }} texts of a pinhole (three for the protocol wildcard). */
    List<String> pinholeElements(PinholeRule r) {
        PinholeSet s = PinholeSet.of(r);
        List<String> out = new ArrayList<>();
        int[] protocols = r.anyProtocol() ? new int[] {PinholeRule.TCP, PinholeRule.UDP, PinholeRule.UDP_LITE}
                : new int[] {r.protocol()};
        for (int p : protocols) {
            StringBuilder e = new StringBuilder();
            if (!r.anyRemoteHost()) {
                e.append(r.remoteHost()).append(" . ");
            }
            if (!r.anyRemotePort()) {
                e.append(r.remotePort()).append(" . ");
            }
            e.append(r.internalClient().getHostAddress().replaceFirst("%.*$", "")).append(" . ").append(p)
                    .append(" . ").append(r.internalPort());
            out.add("ip6 " + table + ' ' + s.set + " { " + e + " }");
        }
        return out;
    }

    private void addElements(StringBuilder b, PortMapping m, Map<String, Integer> refs) {
        String p = proto(m.protocol());
        String target = m.internalClient().getHostAddress() + " . " + m.internalPort();
        if (m.remoteHost().isEmpty()) {
            element(b, "add", "dnat_" + p, m.externalPort() + " : " + target);
        } else {
            element(b, "add", "dnat_src_" + p, m.remoteHost() + " . " + m.externalPort() + " : " + target);
        }
        String fwd = p + ' ' + target;
        if (refs.merge(fwd, 1, Integer::sum) == 1) {
            element(b, "add", "fwd_" + p, target);
        }
    }

    private void deleteElements(StringBuilder b, PortMapping m, Map<String, Integer> refs) {
        String p = proto(m.protocol());
        String target = m.internalClient().getHostAddress() + " . " + m.internalPort();
        if (m.remoteHost().isEmpty()) {
            element(b, "delete", "dnat_" + p, Integer.toString(m.externalPort()));
        } else {
            element(b, "delete", "dnat_src_" + p, m.remoteHost() + " . " + m.externalPort());
        }
        String fwd = p + ' ' + target;
        Integer n = refs.get(fwd);
        if (n != null && n <= 1) {
            refs.remove(fwd);
            element(b, "delete", "fwd_" + p, target);
        } else if (n != null) {
            refs.put(fwd, n - 1);
        }
    }

    private void element(StringBuilder b, String verb, String set, String element) {
        b.append(verb).append(" element ip ").append(table).append(' ').append(set).append(" { ").append(element)
                .append(" }\n");
    }

    private static String proto(Protocol p) {
        return p == Protocol.TCP ? "tcp" : "udp";
    }

    /** Runs one nft batch; the batch is applied entirely or not at all. */
    private void run(String batch) throws NatBackendException {
        execute(batch, false);
    }

    /** Runs one nft batch and returns what it printed (at most {@value #MAX_STDOUT} bytes). */
    private String runForOutput(String batch) throws NatBackendException {
        return execute(batch, true);
    }

    private static final int MAX_STDOUT = 65536;

    private String execute(String batch, boolean output) throws NatBackendException {
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(nft, "-f", "-");
            if (!output) {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            process = pb.start();
        } catch (IOException e) {
            throw new NatBackendException("cannot run " + nft + ": " + e.getMessage(), e);
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(batch.getBytes(StandardCharsets.US_ASCII));
            }
            // nft's output for a get is a few hundred bytes, far below a pipe's buffer, so reading it after the
            // exit cannot deadlock; the bound keeps a misbehaving nft from filling memory.
            if (!process.waitFor(NFT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new NatBackendException("nft did not finish within " + NFT_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                String err = readBounded(process.getErrorStream());
                LOG.debug("nft batch failed:\n{}", batch);
                throw new NatBackendException("nft failed (exit " + process.exitValue() + "): " + err.strip());
            }
            return output ? new String(process.getInputStream().readNBytes(MAX_STDOUT), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            process.destroyForcibly();
            throw new NatBackendException("nft I/O failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NatBackendException("interrupted while running nft", e);
        }
    }

    private static String readBounded(InputStream s) throws IOException {
        byte[] buf = s.readNBytes(MAX_STDERR);
        return new String(buf, StandardCharsets.UTF_8);
    }
}
