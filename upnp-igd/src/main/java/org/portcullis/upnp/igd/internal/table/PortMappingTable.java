package org.portcullis.upnp.igd.internal.table;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;
import org.portcullis.upnp.core.net.LanAddresses;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.internal.journal.MappingJournal;
import org.portcullis.upnp.igd.internal.pinhole.Pinhole;
import org.portcullis.upnp.igd.spi.NatBackend;
import org.portcullis.upnp.igd.spi.NatBackendException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port-mapping table with WANIPConnection:1 and :2 semantics: the conflict rules of AddPortMapping,
 * AddAnyPortMapping's port search, ranges, contiguous indexes for GetGenericPortMappingEntry, leases, and the
 * {@link MappingPolicy}. Every change goes to the NAT backend first, then to the journal (forced to disk), then to
 * the table; when the backend or the journal fails, what was applied is undone and the caller gets 501, so table,
 * journal and backend never disagree about an acknowledged change.
 *
 * <p>All methods are synchronized; the IGD calls them from one worker thread, off the event loops.
 */
public final class PortMappingTable {
    /** Longest lease granted (IGD:2's maximum; IGD:2 maps lease 0 to it, spec/igd.md §4). */
    public static final long MAX_LEASE_SECONDS = 604_800;
    /** Most entries GetListOfPortMappings returns (also for NewNumberOfPorts 0, as miniupnpd). */
    public static final int MAX_LISTED = 1000;
    /** Lowest port AddAnyPortMapping picks when it has to choose. */
    public static final int LOWEST_PICKED_PORT = 1024;

    public static final String REFUSED_FOREIGN_CLIENT = "igd.refused.foreign-internal-client";
    public static final String REFUSED_NON_LAN_CLIENT = "igd.refused.non-lan-internal-client";
    public static final String REFUSED_BAD_REMOTE_HOST = "igd.refused.bad-remote-host";
    public static final String REFUSED_PRIVILEGED_PORT = "igd.refused.privileged-port";
    public static final String REFUSED_RULE = "igd.refused.permission-rule";
    public static final String REFUSED_CAP = "igd.refused.cap";
    public static final String REFUSED_CONFLICT = "igd.refused.conflict";
    public static final String REFUSED_FOREIGN_DELETE = "igd.refused.foreign-delete";
    public static final String REFUSED_DISABLED = "igd.refused.upnp-disabled";
    public static final String BACKEND_FAILURES = "igd.nat-backend.failures";
    public static final String JOURNAL_FAILURES = "igd.journal.failures";

    private static final Logger LOG = LoggerFactory.getLogger(PortMappingTable.class);
    private static final RateLimitedLog SECURITY = RateLimitedLog.security();

    private final TreeMap<PortMapping.Key, PortMapping> mappings = new TreeMap<>();
    private final Map<Inet4Address, Integer> perClient = new HashMap<>();
    private final MappingPolicy policy;
    private volatile LanPolicy lan; // replaced by followLan() when the LAN addresses change
    private final NatBackend backend;
    private final Clock clock;
    private final DropCounters counters;
    private final MappingJournal journal; // null: not durable
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong systemUpdateId = new AtomicLong(1);
    private List<PortMapping> byIndex; // null after a change; rebuilt by the next GetGenericPortMappingEntry
    private volatile boolean enabled = true;

    public PortMappingTable(MappingPolicy policy, LanPolicy lan, NatBackend backend, Clock clock,
            DropCounters counters) {
        this(policy, lan, backend, clock, counters, null);
    }

    /** A table whose changes are recorded in {@code journal} (may be null) before they are acknowledged. */
    public PortMappingTable(MappingPolicy policy, LanPolicy lan, NatBackend backend, Clock clock,
            DropCounters counters, MappingJournal journal) {
        this.policy = policy;
        this.lan = lan;
        this.backend = backend;
        this.clock = clock;
        this.counters = counters;
        this.journal = journal;
    }

    /** Runs after every change of the table (add, delete, expiry). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Loads mappings replayed from the journal (dropping those whose lease has ended) and makes the backend hold
     * exactly the table's mappings. Returns how many were loaded.
     *
     * @throws NatBackendException when the backend cannot be reconciled
     */
    public synchronized int restore(List<PortMapping> replayed) throws NatBackendException {
        Instant now = clock.instant();
        int loaded = 0;
        for (PortMapping m : replayed) {
            if (m.expiresAt().isAfter(now) && !mappings.containsKey(m.key())) {
                mappings.put(m.key(), m);
                perClient.merge(m.internalClient(), 1, Integer::sum);
                loaded++;
            }
        }
        backend.reconcile(enabledMappings());
        byIndex = null;
        if (loaded > 0) {
            changed();
        }
        return loaded;
    }

    private List<PortMapping> enabledMappings() {
        List<PortMapping> out = new ArrayList<>();
        for (PortMapping m : mappings.values()) {
            if (m.enabled()) {
                out.add(m);
            }
        }
        return out;
    }

    /** The runtime switch: when off, every mapping is removed and every WANIPConnection action is refused. */
    public synchronized void setEnabled(boolean on) {
        enabled = on;
        if (!on) {
            for (PortMapping m : new ArrayList<>(mappings.values())) {
                try {
                    remove(m);
                } catch (UpnpException e) {
                    LOG.warn("could not remove mapping {} {} while switching UPnP off; retrying at the next sweep",
                            m.protocol(), m.externalPort());
                }
            }
            LOG.info("UPnP switched off: {} mappings left", mappings.size());
        } else {
            LOG.info("UPnP switched on");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Refuses when UPnP is switched off (606 under IGD:2, 501 under IGD:1). */
    public void checkEnabled(Dialect d, InetAddress requester, String action) throws UpnpException {
        if (!enabled) {
            counters.increment(REFUSED_DISABLED);
            SECURITY.debug("refused {} from {}: UPnP is switched off", action, requester.getHostAddress());
            throw new UpnpException(d.disabled(), "UPnP is switched off on this gateway");
        }
    }

    /** AddPortMapping with IGD:1 error codes. */
    public PortMapping add(MappingRequest r, InetAddress requester) throws UpnpException {
        return add(r, requester, Dialect.IGD1);
    }

    /** AddPortMapping. */
    public synchronized PortMapping add(MappingRequest r, InetAddress requester, Dialect d) throws UpnpException {
        checkEnabled(d, requester, "AddPortMapping");
        if (r.externalPort() == 0) {
            throw new UpnpException(UpnpErrorCode.WILDCARD_NOT_PERMITTED_IN_EXT_PORT);
        }
        Inet4Address client = admit(r, requester, d, r.externalPort());
        PortMapping.Key key = new PortMapping.Key(normalizeRemoteHost(r.remoteHost(), requester, r, d),
                r.externalPort(), r.protocol());
        PortMapping existing = mappings.get(key);
        if (existing != null && !existing.internalClient().equals(client)) {
            refuse(REFUSED_CONFLICT, requester, r);
            throw new UpnpException(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY);
        }
        checkCaps(existing, client, requester, r);
        return apply(build(key, r, client, d), existing);
    }

    /** AddAnyPortMapping (IGD:2): the requested port when free or already this client's, else the nearest free one. */
    public synchronized PortMapping addAny(MappingRequest r, InetAddress requester) throws UpnpException {
        Dialect d = Dialect.IGD2;
        checkEnabled(d, requester, "AddAnyPortMapping");
        int wanted = r.externalPort() == 0 ? LOWEST_PICKED_PORT : r.externalPort();
        Inet4Address client = admit(r, requester, d, wanted);
        String remote = normalizeRemoteHost(r.remoteHost(), requester, r, d);
        PortMapping.Key key = new PortMapping.Key(remote, wanted, r.protocol());
        PortMapping existing = mappings.get(key);
        if (existing != null && !existing.internalClient().equals(client)) {
            key = null;
            // Search outwards from the wanted port, as miniupnpd does: wanted+1, wanted-1, wanted+2, ...
            for (int step = 1; step <= 65535 && key == null; step++) {
                for (int port : new int[] {wanted + step, wanted - step}) {
                    if (port >= 1 && port <= 65535 && portAllowed(port, client, r.internalPort())
                            && !mappings.containsKey(new PortMapping.Key(remote, port, r.protocol()))) {
                        key = new PortMapping.Key(remote, port, r.protocol());
                        break;
                    }
                }
            }
            if (key == null) {
                refuse(REFUSED_CAP, requester, r);
                throw new UpnpException(UpnpErrorCode.NO_PORT_MAPS_AVAILABLE);
            }
            existing = null;
        }
        checkCaps(existing, client, requester, r);
        return apply(build(key, r, client, d), existing);
    }

    private boolean portAllowed(int external, Inet4Address client, int internal) {
        return (policy.allowPrivilegedPorts() || external >= 1024) && policy.permits(external, client, internal);
    }

    /** The checks every add makes before looking at the table; returns the internal client. */
    private Inet4Address admit(MappingRequest r, InetAddress requester, Dialect d, int externalPort)
            throws UpnpException {
        if (r.internalPort() == 0) {
            throw new UpnpException(d.internalPortWildcard(), "NewInternalPort must not be 0");
        }
        String t = r.internalClient().trim();
        if (t.isEmpty()) {
            throw new UpnpException(d.internalClientWildcard(), "NewInternalClient must not be empty");
        }
        Inet4Address client = parseIpv4(t).orElseThrow(() -> new UpnpException(UpnpErrorCode.INVALID_ARGS,
                "NewInternalClient must be an IPv4 address"));
        // UPnProxy (Akamai, 2018): mappings to hosts off the LAN turned routers into proxies. Never allowed.
        if (!LanAddresses.isLan(client) || !lan.permits(client)) {
            refuse(REFUSED_NON_LAN_CLIENT, requester, r);
            throw new UpnpException(d.addRefused(), "InternalClient is not a host on the LAN");
        }
        if (policy.secureMode() && !client.equals(requester)) {
            refuse(REFUSED_FOREIGN_CLIENT, requester, r);
            throw new UpnpException(d.addRefused(), "secure mode: a client may only map ports to its own address");
        }
        if (!policy.allowPrivilegedPorts() && (externalPort < 1024 || r.internalPort() < 1024)) {
            refuse(REFUSED_PRIVILEGED_PORT, requester, r);
            throw new UpnpException(d.addRefused(), "ports below 1024 are not allowed");
        }
        if (!policy.permits(externalPort, client, r.internalPort())) {
            refuse(REFUSED_RULE, requester, r);
            throw new UpnpException(d.addRefused(), "refused by a permission rule");
        }
        return client;
    }

    private void checkCaps(PortMapping existing, Inet4Address client, InetAddress requester, MappingRequest r)
            throws UpnpException {
        if (existing == null && (mappings.size() >= policy.maxMappings()
                || perClient.getOrDefault(client, 0) >= policy.maxMappingsPerClient())) {
            refuse(REFUSED_CAP, requester, r);
            throw new UpnpException(UpnpErrorCode.NO_PORT_MAPS_AVAILABLE);
        }
    }

    private PortMapping build(PortMapping.Key key, MappingRequest r, Inet4Address client, Dialect d) {
        String description = r.description().length() > PortMapping.MAX_DESCRIPTION_CHARS
                ? r.description().substring(0, PortMapping.MAX_DESCRIPTION_CHARS)
                : r.description();
        Instant expires;
        if (r.leaseSeconds() <= 0) {
            // IGD:1: 0 is a static mapping; IGD:2 §2.3.16: a device MUST treat 0 as 604800.
            expires = d == Dialect.IGD1 ? PortMapping.PERMANENT : clock.instant().plusSeconds(MAX_LEASE_SECONDS);
        } else {
            expires = clock.instant().plusSeconds(Math.min(r.leaseSeconds(), MAX_LEASE_SECONDS));
        }
        return new PortMapping(key.remoteHost(), key.externalPort(), key.protocol(), r.internalPort(), client,
                r.enabled(), description, expires);
    }

    /** Backend, then journal, then table; undoes the backend change when the journal fails. */
    private PortMapping apply(PortMapping mapping, PortMapping previous) throws UpnpException {
        try {
            if (mapping.enabled()) {
                backend.add(mapping);
            } else if (previous != null && previous.enabled()) {
                backend.remove(previous);
            }
        } catch (NatBackendException | RuntimeException e) {
            counters.increment(BACKEND_FAILURES);
            LOG.warn("NAT backend failed to add {} {} -> {}:{}", mapping.protocol(), mapping.externalPort(),
                    mapping.internalClient().getHostAddress(), mapping.internalPort(), e);
            throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the NAT backend could not apply the mapping");
        }
        if (journal != null) {
            try {
                journal.append(mapping);
            } catch (IOException e) {
                counters.increment(JOURNAL_FAILURES);
                LOG.warn("journal append failed for {} {}; undoing the NAT change", mapping.protocol(),
                        mapping.externalPort(), e);
                undoAdd(mapping, previous);
                throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the mapping could not be stored");
            }
        }
        mappings.put(mapping.key(), mapping);
        if (previous == null) {
            perClient.merge(mapping.internalClient(), 1, Integer::sum);
        }
        LOG.info("mapping {} {} -> {}:{} until {}", mapping.protocol(), mapping.externalPort(),
                mapping.internalClient().getHostAddress(), mapping.internalPort(),
                mapping.isPermanent() ? "removed" : mapping.expiresAt());
        changed();
        return mapping;
    }

    private void undoAdd(PortMapping mapping, PortMapping previous) {
        try {
            if (previous != null && previous.enabled()) {
                backend.add(previous);
            } else if (mapping.enabled()) {
                backend.remove(mapping);
            }
        } catch (NatBackendException | RuntimeException e) {
            counters.increment(BACKEND_FAILURES);
            LOG.error("NAT backend could not undo {} {}; the next restart reconciles it", mapping.protocol(),
                    mapping.externalPort(), e);
        }
    }

    /** DeletePortMapping with IGD:1 error codes. */
    public void delete(PortMapping.Key key, InetAddress requester) throws UpnpException {
        delete(key, requester, Dialect.IGD1);
    }

    /** DeletePortMapping: 714 when missing; another client's entry in secure mode: 714 (IGD:1) or 606 (IGD:2). */
    public synchronized void delete(PortMapping.Key key, InetAddress requester, Dialect d) throws UpnpException {
        checkEnabled(d, requester, "DeletePortMapping");
        PortMapping.Key k = new PortMapping.Key(normalizeRemoteHostQuery(key.remoteHost()), key.externalPort(),
                key.protocol());
        PortMapping m = mappings.get(k);
        if (m == null) {
            throw new UpnpException(UpnpErrorCode.NO_SUCH_ENTRY_IN_ARRAY);
        }
        if (!mayManage(m, requester)) {
            counters.increment(REFUSED_FOREIGN_DELETE);
            SECURITY.debug("refused delete of {} {} by {}: owned by another client", k.protocol(),
                    k.externalPort(), requester.getHostAddress());
            throw new UpnpException(d.deleteRefused());
        }
        remove(m);
        LOG.info("deleted mapping {} {} (by {})", k.protocol(), k.externalPort(), requester.getHostAddress());
    }

    private boolean mayManage(PortMapping m, InetAddress requester) {
        return !policy.secureMode() || m.internalClient().equals(requester);
    }

    /**
     * DeletePortMappingRange (IGD:2): removes the requester's mappings (every mapping when secure mode is off and
     * {@code manage}) with external port in {@code [start, end]}. Entries the requester may not manage are skipped.
     * The range is atomic (WANIPConnection:2 §2.5.18): when the backend or the journal fails part-way, the removals
     * made so far are applied again and the action fails with 501.
     */
    public synchronized int deleteRange(int start, int end, Protocol protocol, boolean manage, InetAddress requester)
            throws UpnpException {
        checkEnabled(Dialect.IGD2, requester, "DeletePortMappingRange");
        List<PortMapping> found = range(start, end, protocol, manage, requester, Integer.MAX_VALUE);
        List<PortMapping> done = new ArrayList<>();
        try {
            for (PortMapping m : found) {
                remove(m);
                done.add(m);
            }
        } catch (UpnpException e) {
            for (PortMapping m : done) {
                try {
                    apply(m, null);
                } catch (UpnpException again) {
                    LOG.error("could not restore {} {} after a failed range delete", m.protocol(), m.externalPort());
                }
            }
            throw e;
        }
        LOG.info("deleted {} mappings {} {}-{} (by {})", found.size(), protocol, start, end,
                requester.getHostAddress());
        return found.size();
    }

    /** GetListOfPortMappings (IGD:2): like {@link #deleteRange} but listing at most {@code max} (0: all). */
    public synchronized List<PortMapping> listRange(int start, int end, Protocol protocol, boolean manage, int max,
            InetAddress requester) throws UpnpException {
        checkEnabled(Dialect.IGD2, requester, "GetListOfPortMappings");
        int limit = max == 0 ? MAX_LISTED : Math.min(max, MAX_LISTED);
        return range(start, end, protocol, manage, requester, limit);
    }

    private List<PortMapping> range(int start, int end, Protocol protocol, boolean manage, InetAddress requester,
            int limit) throws UpnpException {
        if (start > end) {
            throw new UpnpException(UpnpErrorCode.INCONSISTENT_PARAMETERS);
        }
        List<PortMapping> out = new ArrayList<>();
        PortMapping.Key from = new PortMapping.Key("", start, Protocol.TCP);
        for (PortMapping m : mappings.tailMap(from, true).values()) {
            if (m.externalPort() > end || out.size() >= limit) {
                break;
            }
            // An unauthenticated control point's NewManage is ignored in secure mode (IGD:2 §2.5.x).
            boolean allowed = policy.secureMode() || !manage ? m.internalClient().equals(requester) : true;
            if (m.protocol() == protocol && allowed) {
                out.add(m);
            }
        }
        if (out.isEmpty()) {
            throw new UpnpException(UpnpErrorCode.PORT_MAPPING_NOT_FOUND);
        }
        return out;
    }

    /** Backend, then journal, then table; re-adds to the backend when the journal fails. */
    private void remove(PortMapping m) throws UpnpException {
        try {
            if (m.enabled()) {
                backend.remove(m);
            }
        } catch (NatBackendException | RuntimeException e) {
            counters.increment(BACKEND_FAILURES);
            LOG.warn("NAT backend failed to remove {} {}", m.protocol(), m.externalPort(), e);
            throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the NAT backend could not remove the mapping");
        }
        if (journal != null) {
            try {
                journal.appendDelete(m.key());
            } catch (IOException e) {
                counters.increment(JOURNAL_FAILURES);
                LOG.warn("journal append failed for removal of {} {}; restoring the NAT rule", m.protocol(),
                        m.externalPort(), e);
                undoAdd(m, m);
                throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the removal could not be stored");
            }
        }
        mappings.remove(m.key());
        perClient.computeIfPresent(m.internalClient(), (c, n) -> n <= 1 ? null : n - 1);
        changed();
    }

    /** GetSpecificPortMappingEntry. */
    public synchronized Optional<PortMapping> get(PortMapping.Key key) {
        PortMapping.Key k;
        try {
            k = new PortMapping.Key(normalizeRemoteHostQuery(key.remoteHost()), key.externalPort(), key.protocol());
        } catch (UpnpException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(mappings.get(k));
    }

    /** GetGenericPortMappingEntry: the entry at a 0-based index in key order. */
    public synchronized PortMapping atIndex(long index) throws UpnpException {
        if (index < 0 || index >= mappings.size()) {
            throw new UpnpException(UpnpErrorCode.SPECIFIED_ARRAY_INDEX_INVALID);
        }
        if (byIndex == null) {
            byIndex = new ArrayList<>(mappings.values());
        }
        return byIndex.get((int) index);
    }

    public synchronized int size() {
        return mappings.size();
    }

    public synchronized List<PortMapping> snapshot() {
        return new ArrayList<>(mappings.values());
    }

    /** The SystemUpdateID of WANIPConnection:2: incremented on every change of the table. */
    public long systemUpdateId() {
        return systemUpdateId.get();
    }

    /** Removes every mapping whose lease has ended; returns how many. Also retries a pending switch-off. */
    public synchronized int expire() {
        Instant now = clock.instant();
        List<PortMapping> done = new ArrayList<>();
        for (PortMapping m : mappings.values()) {
            if (!enabled || !m.expiresAt().isAfter(now)) {
                done.add(m);
            }
        }
        int removed = 0;
        for (PortMapping m : done) {
            try {
                remove(m);
                removed++;
                LOG.info("lease ended for mapping {} {} -> {}:{}", m.protocol(), m.externalPort(),
                        m.internalClient().getHostAddress(), m.internalPort());
            } catch (UpnpException e) {
                LOG.warn("could not remove expired mapping {} {}; retrying later", m.protocol(), m.externalPort());
            }
        }
        return removed;
    }

    /**
     * Compacts the journal when it has grown well beyond the table and {@code pinholes}, which share it (called from
     * the sweep, off the request path).
     */
    public synchronized void maintainJournal(java.util.Collection<Pinhole> pinholes) {
        if (journal != null && journal.compactionDue(mappings.size() + pinholes.size())) {
            try {
                journal.compact(mappings.values(), pinholes);
            } catch (IOException e) {
                counters.increment(JOURNAL_FAILURES);
                LOG.warn("journal compaction failed; the old journal stays in use", e);
            }
        }
    }

    /** Removes every mapping from the backend (clean shutdown; the journal keeps them for the next start). */
    public synchronized void removeAllFromBackend() {
        for (PortMapping m : mappings.values()) {
            try {
                if (m.enabled()) {
                    backend.remove(m);
                }
            } catch (NatBackendException | RuntimeException e) {
                LOG.warn("NAT backend failed to remove {} {} at shutdown", m.protocol(), m.externalPort(), e);
            }
        }
    }

    public Instant now() {
        return clock.instant();
    }

    private void changed() {
        byIndex = null;
        systemUpdateId.incrementAndGet();
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("mapping change listener failed", e);
            }
        }
    }

    private void refuse(String counter, InetAddress requester, MappingRequest r) {
        counters.increment(counter);
        SECURITY.debug("refused mapping {} {} -> {}:{} from {}: {}", r.protocol(), r.externalPort(),
                RateLimitedLog.safe(r.internalClient()), r.internalPort(), requester.getHostAddress(), counter);
    }

    /**
     * RemoteHost of an add: empty for any, else an IPv4 unicast literal. Host names are never resolved; multicast,
     * broadcast, unspecified and loopback addresses can never be a remote peer and are refused as policy.
     */
    private String normalizeRemoteHost(String text, InetAddress requester, MappingRequest r, Dialect d)
            throws UpnpException {
        String host = normalizeRemoteHostQuery(text);
        if (!host.isEmpty()) {
            InetAddress a = parseIpv4(host).orElseThrow();
            if (a.isMulticastAddress() || a.isAnyLocalAddress() || a.isLoopbackAddress()
                    || host.equals("255.255.255.255")) {
                refuse(REFUSED_BAD_REMOTE_HOST, requester, r);
                throw new UpnpException(d.addRefused(), "RemoteHost must be a unicast address");
            }
        }
        return host;
    }

    /** Empty means any remote host; otherwise an IPv4 literal. */
    static String normalizeRemoteHostQuery(String text) throws UpnpException {
        String t = text.trim();
        if (t.isEmpty()) {
            return "";
        }
        return parseIpv4(t).orElseThrow(() -> new UpnpException(UpnpErrorCode.INVALID_ARGS,
                "NewRemoteHost must be empty or an IPv4 address")).getHostAddress();
    }

    /** Strict dotted-quad parser: never a DNS lookup, no octal or short forms. */
    public static Optional<Inet4Address> parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4 || text.length() > 15) {
            return Optional.empty();
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            b[i] = (byte) v;
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(b));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** For tests and status pages. */
    public synchronized Map<PortMapping.Key, PortMapping> asMap() {
        return new TreeMap<>(mappings);
    }

    /**
     * The served LAN changed (address added, removed or moved to another subnet): InternalClient checks use the new
     * subnets from now on. Existing entries stay; their leases end them.
     */
    public void followLan(LanPolicy newLan) {
        this.lan = java.util.Objects.requireNonNull(newLan, "newLan");
    }
}
