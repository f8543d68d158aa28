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
import java.util.concurrent.TimeUnit;
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
    private int httpPort;

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
        if (!table.matches("[A-Za-z][A-Za-z0-9_]{0,31}") || !wanInterface.matches("[A-Za-z0-9._@-]{1,15}")) {
            throw new NatBackendException("invalid nftables table or interface name");
        }
        this.table = table;
        this.wanInterface = wanInterface;
        this.wanDrop = wanDrop;
        this.nft = nft;
        run(definition());
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

    /** Deletes the table. */
    @Override
    public synchronized void close() throws NatBackendException {
        run("delete table ip " + table + "\n");
        installed.clear();
        forwardRefs.clear();
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
        Process process;
        try {
            process = new ProcessBuilder(nft, "-f", "-").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new NatBackendException("cannot run " + nft + ": " + e.getMessage(), e);
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(batch.getBytes(StandardCharsets.US_ASCII));
            }
            if (!process.waitFor(NFT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new NatBackendException("nft did not finish within " + NFT_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                String err = readBounded(process.getErrorStream());
                LOG.debug("nft batch failed:\n{}", batch);
                throw new NatBackendException("nft failed (exit " + process.exitValue() + "): " + err.strip());
            }
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
