package org.portcullis.upnp.igd.internal.table;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;
import org.portcullis.upnp.core.net.LanAddresses;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.spi.NatBackend;
import org.portcullis.upnp.igd.spi.NatBackendException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port-mapping table with WANIPConnection:1 semantics: the conflict rules of AddPortMapping, contiguous indexes
 * for GetGenericPortMappingEntry, leases, and the mapping policy. Every change goes to the NAT backend first; when
 * the backend fails, the table is left as it was and the caller gets 501.
 *
 * <p>All methods are synchronized; the IGD calls them from one worker thread, off the event loops.
 */
public final class PortMappingTable {
    /** Longest lease granted: IGD:2's maximum, also used for IGD:1's "0 = permanent" (spec/igd.md §4). */
    public static final long MAX_LEASE_SECONDS = 604_800;

    public static final String REFUSED_FOREIGN_CLIENT = "igd.refused.foreign-internal-client";
    public static final String REFUSED_NON_LAN_CLIENT = "igd.refused.non-lan-internal-client";
    public static final String REFUSED_PRIVILEGED_PORT = "igd.refused.privileged-port";
    public static final String REFUSED_CAP = "igd.refused.cap";
    public static final String REFUSED_CONFLICT = "igd.refused.conflict";
    public static final String REFUSED_FOREIGN_DELETE = "igd.refused.foreign-delete";

    private static final Logger LOG = LoggerFactory.getLogger(PortMappingTable.class);
    private static final RateLimitedLog SECURITY = RateLimitedLog.security();

    private final TreeMap<PortMapping.Key, PortMapping> mappings = new TreeMap<>();
    private final MappingPolicy policy;
    private final LanPolicy lan;
    private final NatBackend backend;
    private final Clock clock;
    private final DropCounters counters;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public PortMappingTable(MappingPolicy policy, LanPolicy lan, NatBackend backend, Clock clock,
            DropCounters counters) {
        this.policy = policy;
        this.lan = lan;
        this.backend = backend;
        this.clock = clock;
        this.counters = counters;
    }

    /** Runs after every change of the table (add, delete, expiry). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** AddPortMapping (IGD:1 error codes). */
    public synchronized PortMapping add(MappingRequest r, InetAddress requester) throws UpnpException {
        if (r.externalPort() == 0) {
            throw new UpnpException(UpnpErrorCode.WILDCARD_NOT_PERMITTED_IN_EXT_PORT);
        }
        if (r.internalPort() == 0) {
            throw new UpnpException(UpnpErrorCode.INVALID_ARGS, "NewInternalPort must not be 0");
        }
        String remoteHost = normalizeRemoteHost(r.remoteHost());
        Inet4Address client = parseClient(r.internalClient());
        if (!LanAddresses.isLan(client) || !lan.permits(client)) {
            refuse(REFUSED_NON_LAN_CLIENT, requester, r);
            throw new UpnpException(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY,
                    "InternalClient is not a host on the LAN");
        }
        if (policy.secureMode() && !client.equals(requester)) {
            refuse(REFUSED_FOREIGN_CLIENT, requester, r);
            throw new UpnpException(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY,
                    "secure mode: a client may only map ports to its own address");
        }
        if (!policy.allowPrivilegedPorts() && (r.externalPort() < 1024 || r.internalPort() < 1024)) {
            refuse(REFUSED_PRIVILEGED_PORT, requester, r);
            throw new UpnpException(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY, "ports below 1024 are not allowed");
        }
        PortMapping.Key key = new PortMapping.Key(remoteHost, r.externalPort(), r.protocol());
        PortMapping existing = mappings.get(key);
        if (existing != null && !existing.internalClient().equals(client)) {
            refuse(REFUSED_CONFLICT, requester, r);
            throw new UpnpException(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY);
        }
        if (existing == null) {
            if (mappings.size() >= policy.maxMappings() || countFor(client) >= policy.maxMappingsPerClient()) {
                refuse(REFUSED_CAP, requester, r);
                throw new UpnpException(UpnpErrorCode.NO_PORT_MAPS_AVAILABLE);
            }
        }
        long lease = r.leaseSeconds() <= 0 ? MAX_LEASE_SECONDS : Math.min(r.leaseSeconds(), MAX_LEASE_SECONDS);
        String description = r.description().length() > PortMapping.MAX_DESCRIPTION_CHARS
                ? r.description().substring(0, PortMapping.MAX_DESCRIPTION_CHARS)
                : r.description();
        PortMapping mapping = new PortMapping(remoteHost, r.externalPort(), r.protocol(), r.internalPort(), client,
                r.enabled(), description, clock.instant().plusSeconds(lease));
        try {
            backend.add(mapping);
        } catch (NatBackendException | RuntimeException e) {
            LOG.warn("NAT backend failed to add {} {} -> {}:{}", mapping.protocol(), mapping.externalPort(),
                    client.getHostAddress(), mapping.internalPort(), e);
            throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the NAT backend could not apply the mapping");
        }
        mappings.put(key, mapping);
        LOG.info("mapping {} {} -> {}:{} for {} s (by {})", mapping.protocol(), mapping.externalPort(),
                client.getHostAddress(), mapping.internalPort(), lease, requester.getHostAddress());
        changed();
        return mapping;
    }

    /** DeletePortMapping (IGD:1 error codes: 714 for missing and, in secure mode, for another client's entry). */
    public synchronized void delete(PortMapping.Key key, InetAddress requester) throws UpnpException {
        PortMapping.Key k = new PortMapping.Key(normalizeRemoteHost(key.remoteHost()), key.externalPort(),
                key.protocol());
        PortMapping m = mappings.get(k);
        if (m == null) {
            throw new UpnpException(UpnpErrorCode.NO_SUCH_ENTRY_IN_ARRAY);
        }
        if (policy.secureMode() && !m.internalClient().equals(requester)) {
            counters.increment(REFUSED_FOREIGN_DELETE);
            SECURITY.debug("refused delete of {} {} by {}: owned by another client", k.protocol(),
                    k.externalPort(), requester.getHostAddress());
            throw new UpnpException(UpnpErrorCode.NO_SUCH_ENTRY_IN_ARRAY);
        }
        try {
            backend.remove(m);
        } catch (NatBackendException | RuntimeException e) {
            LOG.warn("NAT backend failed to remove {} {}", m.protocol(), m.externalPort(), e);
            throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the NAT backend could not remove the mapping");
        }
        mappings.remove(k);
        LOG.info("deleted mapping {} {} (by {})", k.protocol(), k.externalPort(), requester.getHostAddress());
        changed();
    }

    /** GetSpecificPortMappingEntry. */
    public synchronized Optional<PortMapping> get(PortMapping.Key key) {
        PortMapping.Key k;
        try {
            k = new PortMapping.Key(normalizeRemoteHost(key.remoteHost()), key.externalPort(), key.protocol());
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
        int i = 0;
        for (PortMapping m : mappings.values()) {
            if (i++ == index) {
                return m;
            }
        }
        throw new UpnpException(UpnpErrorCode.SPECIFIED_ARRAY_INDEX_INVALID);
    }

    public synchronized int size() {
        return mappings.size();
    }

    public synchronized List<PortMapping> snapshot() {
        return new ArrayList<>(mappings.values());
    }

    /** Removes every mapping whose lease has ended; returns how many. */
    public synchronized int expire() {
        Instant now = clock.instant();
        List<PortMapping> done = new ArrayList<>();
        for (PortMapping m : mappings.values()) {
            if (!m.expiresAt().isAfter(now)) {
                done.add(m);
            }
        }
        int removed = 0;
        for (PortMapping m : done) {
            try {
                backend.remove(m);
                mappings.remove(m.key());
                removed++;
                LOG.info("lease ended for mapping {} {} -> {}:{}", m.protocol(), m.externalPort(),
                        m.internalClient().getHostAddress(), m.internalPort());
            } catch (NatBackendException | RuntimeException e) {
                LOG.warn("NAT backend failed to remove expired mapping {} {}; retrying later", m.protocol(),
                        m.externalPort(), e);
            }
        }
        if (removed > 0) {
            changed();
        }
        return removed;
    }

    /** Removes every mapping from the backend (clean shutdown of a backend that does not persist). */
    public synchronized void removeAllFromBackend() {
        for (PortMapping m : mappings.values()) {
            try {
                backend.remove(m);
            } catch (NatBackendException | RuntimeException e) {
                LOG.warn("NAT backend failed to remove {} {} at shutdown", m.protocol(), m.externalPort(), e);
            }
        }
    }

    public Instant now() {
        return clock.instant();
    }

    private int countFor(Inet4Address client) {
        int n = 0;
        for (PortMapping m : mappings.values()) {
            if (m.internalClient().equals(client)) {
                n++;
            }
        }
        return n;
    }

    private void changed() {
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
        SECURITY.debug("refused AddPortMapping {} {} -> {}:{} from {}: {}", r.protocol(), r.externalPort(),
                r.internalClient(), r.internalPort(), requester.getHostAddress(), counter);
    }

    /** Empty means any remote host; otherwise an IPv4 literal. Host names are never resolved. */
    static String normalizeRemoteHost(String text) throws UpnpException {
        String t = text.trim();
        if (t.isEmpty()) {
            return "";
        }
        return parseIpv4(t).orElseThrow(() -> new UpnpException(UpnpErrorCode.INVALID_ARGS,
                "NewRemoteHost must be empty or an IPv4 address")).getHostAddress();
    }

    private static Inet4Address parseClient(String text) throws UpnpException {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new UpnpException(UpnpErrorCode.INVALID_ARGS, "NewInternalClient must not be empty");
        }
        return parseIpv4(t).orElseThrow(() -> new UpnpException(UpnpErrorCode.INVALID_ARGS,
                "NewInternalClient must be an IPv4 address"));
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
}
