package org.portcullis.upnp.igd.internal.pinhole;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;
import org.portcullis.upnp.core.net.AddressScope;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanAddresses;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.PinholeRule;
import org.portcullis.upnp.igd.internal.journal.MappingJournal;
import org.portcullis.upnp.igd.spi.NatBackend;
import org.portcullis.upnp.igd.spi.NatBackendException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPv6 pinholes of WANIPv6FirewallControl:1 (spec/igd.md §9) under the same {@link MappingPolicy} as port
 * mappings: InternalClient must be a LAN address on a served interface and never one of the gateway's own; in secure
 * mode it must be the requester's own address, and only that host may update, delete or query the pinhole. "Own"
 * means the same address, or another IPv6 address of the same host on the same served link: the router's neighbour
 * cache maps both to one link-layer address ({@link SameHost}, which also states why trusting that cache gives an
 * on-link attacker nothing it does not already have). A real client speaks from the link-local or ULA address that
 * reaches our LOCATION but wants the pinhole for its global address, so strict equality would refuse exactly the
 * pinholes WANIPv6FirewallControl exists for;
 * internal ports below 1024 need {@code allowPrivilegedPorts}; permission rules (IPv4 ranges only) refuse every
 * pinhole when present; the per-client and total caps bound the table (701). Leases are 1..86400 s. Every refusal
 * increments an {@code igd.pinhole.refused.*} counter and is logged at a bounded rate with the requester's address.
 *
 * <p>As for port mappings, every change goes to the NAT backend first ({@link NatBackend#addPinhole}), then to the
 * journal (forced to disk), then to the table; when the backend or the journal fails, what was applied is undone and
 * the action gets 501, so table, journal and backend agree about every acknowledged pinhole. A new lease for an
 * existing pinhole (AddPinhole of the same 5-tuple, UpdatePinhole) changes only journal and table: the backend rule
 * has no lease. Expiry removes the pinhole from the backend on the next sweep; {@link #restore} brings journaled
 * pinholes back after a restart with the lease they had left and makes the backend hold exactly them.
 *
 * <p>Confined to the IGD worker thread; methods are also synchronized so that tests may call them directly.
 */
public final class PinholeTable {
    public static final int PINHOLE_SPACE_EXHAUSTED = 701;
    public static final int FIREWALL_DISABLED = 702;
    public static final int INBOUND_PINHOLE_NOT_ALLOWED = 703;
    public static final int NO_SUCH_ENTRY = 704;
    public static final int PROTOCOL_NOT_SUPPORTED = 705;
    public static final int INTERNAL_PORT_WILDCARDING_NOT_ALLOWED = 706;
    public static final int PROTOCOL_WILDCARDING_NOT_ALLOWED = 707;
    public static final int WILDCARD_NOT_PERMITTED_IN_SRC_IP = 708;
    public static final int NO_TRAFFIC_RECEIVED = 709;

    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int UDP_LITE = 136;
    public static final int ANY_PROTOCOL = 65535;
    public static final long MAX_LEASE_SECONDS = 86_400;

    public static final String REFUSED_NON_LAN_CLIENT = "igd.pinhole.refused.non-lan-internal-client";
    public static final String REFUSED_GATEWAY_CLIENT = "igd.pinhole.refused.gateway-internal-client";
    public static final String REFUSED_FOREIGN_CLIENT = "igd.pinhole.refused.foreign-internal-client";
    public static final String REFUSED_BAD_REMOTE_HOST = "igd.pinhole.refused.bad-remote-host";
    public static final String REFUSED_PRIVILEGED_PORT = "igd.pinhole.refused.privileged-port";
    public static final String REFUSED_RULE = "igd.pinhole.refused.permission-rule";
    public static final String REFUSED_CAP = "igd.pinhole.refused.cap";
    public static final String REFUSED_FOREIGN_OWNER = "igd.pinhole.refused.foreign-owner";
    public static final String REFUSED_DISABLED = "igd.pinhole.refused.upnp-disabled";

    public static final String BACKEND_FAILURES = "igd.pinhole.nat-backend.failures";
    public static final String JOURNAL_FAILURES = "igd.pinhole.journal.failures";

    private static final Logger LOG = LoggerFactory.getLogger(PinholeTable.class);
    private static final RateLimitedLog SECURITY = RateLimitedLog.security();

    private final MappingPolicy policy;
    private volatile LanPolicy lan; // replaced by followLan() when the LAN addresses change
    private final Clock clock;
    private final DropCounters counters;
    private final BooleanSupplier allowed;
    private final NatBackend backend;
    private final MappingJournal journal; // null: not durable
    private final SameHost sameHost;
    private final Map<Integer, Pinhole> pinholes = new TreeMap<>();
    private int nextId = 1;

    /** A table applied to an in-memory backend, without a journal (for tests). */
    public PinholeTable(MappingPolicy policy, LanPolicy lan, Clock clock, DropCounters counters,
            BooleanSupplier allowed) {
        this(policy, lan, clock, counters, allowed, NatBackend.inMemory(), null);
    }

    /** A table whose secure mode accepts only the requester's own address (no neighbour cache). */
    public PinholeTable(MappingPolicy policy, LanPolicy lan, Clock clock, DropCounters counters,
            BooleanSupplier allowed, NatBackend backend, MappingJournal journal) {
        this(policy, lan, clock, counters, allowed, backend, journal, SameHost.strict(counters));
    }

    /**
     * @param allowed whether inbound pinholes are allowed now (false while UPnP is switched off)
     * @param backend applies pinholes to the packet path
     * @param journal where acknowledged changes are recorded before the answer (null: not durable)
     * @param sameHost secure mode's test that InternalClient is the requester's own (same host on the same link)
     */
    public PinholeTable(MappingPolicy policy, LanPolicy lan, Clock clock, DropCounters counters,
            BooleanSupplier allowed, NatBackend backend, MappingJournal journal, SameHost sameHost) {
        this.policy = policy;
        this.lan = lan;
        this.clock = clock;
        this.counters = counters;
        this.allowed = allowed;
        this.backend = java.util.Objects.requireNonNull(backend, "backend");
        this.journal = journal;
        this.sameHost = java.util.Objects.requireNonNull(sameHost, "sameHost");
    }

    /**
     * Loads pinholes replayed from the journal (dropping those whose lease has ended) and makes the backend hold
     * exactly them. Returns how many were loaded.
     *
     * @throws NatBackendException when the backend cannot be reconciled
     */
    public synchronized int restore(List<Pinhole> replayed) throws NatBackendException {
        Instant now = now();
        int loaded = 0;
        for (Pinhole p : replayed) {
            if (p.expires().isAfter(now) && !pinholes.containsKey(p.id())) {
                pinholes.put(p.id(), p);
                loaded++;
                nextId = p.id() == 65535 ? 1 : Math.max(nextId, p.id() + 1);
            }
        }
        backend.reconcilePinholes(pinholes.values().stream().map(Pinhole::rule).toList());
        return loaded;
    }

    /** InboundPinholeAllowed. */
    public boolean inboundAllowed() {
        return allowed.getAsBoolean();
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * AddPinhole. An existing pinhole with the same 5-tuple gets the new lease and keeps its UniqueID.
     *
     * @return the UniqueID
     */
    public synchronized int add(String remoteHost, int remotePort, String internalClient, int internalPort,
            int protocol, long leaseSeconds, InetAddress requester) throws UpnpException {
        checkAllowed(requester, "AddPinhole");
        checkLease(leaseSeconds);
        checkProtocol(protocol);
        String c = internalClient.trim();
        if (c.isEmpty() || c.equals("*")) {
            throw new UpnpException(WILDCARD_NOT_PERMITTED_IN_SRC_IP, "InternalClient must not be a wildcard");
        }
        if (internalPort == 0) {
            throw new UpnpException(INTERNAL_PORT_WILDCARDING_NOT_ALLOWED, "InternalPort must not be 0");
        }
        Inet6Address client = parseIpv6(c).orElseThrow(() -> new UpnpException(UpnpErrorCode.INVALID_ARGS,
                "InternalClient must be an IPv6 address"));
        // LanPolicy also admits a LAN host's global address in a served interface's on-link prefix: on a dual-stack
        // LAN that is the address a pinhole is for.
        if (!lan.permits(client)) {
            throw refuse(REFUSED_NON_LAN_CLIENT, requester, c, internalPort, "InternalClient is not a host on the LAN");
        }
        if (isGateway(client)) {
            throw refuse(REFUSED_GATEWAY_CLIENT, requester, c, internalPort, "InternalClient is the gateway");
        }
        if (policy.secureMode() && !sameHost.test(client, requester, lan)) {
            throw refuse(REFUSED_FOREIGN_CLIENT, requester, c, internalPort,
                    "secure mode: a client may only open pinholes to its own addresses");
        }
        if (!policy.allowPrivilegedPorts() && internalPort < 1024) {
            throw refuse(REFUSED_PRIVILEGED_PORT, requester, c, internalPort, "InternalPort below 1024");
        }
        if (!policy.permits(internalPort, client, internalPort)) {
            throw refuse(REFUSED_RULE, requester, c, internalPort, "refused by a permission rule");
        }
        String remote = remoteHost(remoteHost, requester, c, internalPort);
        Instant expires = now().plusSeconds(leaseSeconds);
        for (Pinhole p : pinholes.values()) {
            if (p.sameTuple(remote, remotePort, client, internalPort, protocol)) {
                store(withExpiry(p, expires));
                return p.id();
            }
        }
        long mine = pinholes.values().stream().filter(p -> p.internalClient().equals(client)).count();
        if (mine >= policy.maxMappingsPerClient() || pinholes.size() >= policy.maxMappings()
                || pinholes.size() >= 65535) {
            counters.increment(REFUSED_CAP);
            SECURITY.debug("refused pinhole to [{}]:{} from {}: {}", RateLimitedLog.safe(c), internalPort,
                    requester.getHostAddress(), REFUSED_CAP);
            throw new UpnpException(PINHOLE_SPACE_EXHAUSTED, "PinholeSpaceExhausted");
        }
        int id = freeId();
        install(new Pinhole(id, remote, remotePort, client, internalPort, protocol, expires));
        return id;
    }

    /** Backend, then journal, then table; removes it from the backend again when the journal fails. */
    private void install(Pinhole p) throws UpnpException {
        try {
            backend.addPinhole(p.rule());
        } catch (NatBackendException | RuntimeException e) {
            counters.increment(BACKEND_FAILURES);
            LOG.warn("NAT backend failed to install pinhole {} to [{}]:{}: {}", p.id(),
                    p.internalClient().getHostAddress(), p.internalPort(), e.toString());
            throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the NAT backend could not install the pinhole");
        }
        if (journal != null) {
            try {
                journal.appendPinhole(p);
            } catch (IOException e) {
                counters.increment(JOURNAL_FAILURES);
                LOG.warn("journal append failed for pinhole {}; removing it from the NAT backend", p.id(), e);
                undo(p, false);
                throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the pinhole could not be stored");
            }
        }
        pinholes.put(p.id(), p);
        LOG.info("pinhole {} [{}]:{} proto {} from [{}]:{} until {}", p.id(), p.internalClient().getHostAddress(),
                p.internalPort(), p.protocol(), p.remoteHost().isEmpty() ? "*" : p.remoteHost(), p.remotePort(),
                p.expires());
    }

    /** A new lease for an installed pinhole: journal, then table (the backend rule has no lease). */
    private void store(Pinhole p) throws UpnpException {
        if (journal != null) {
            try {
                journal.appendPinhole(p);
            } catch (IOException e) {
                counters.increment(JOURNAL_FAILURES);
                LOG.warn("journal append failed for the new lease of pinhole {}", p.id(), e);
                throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the new lease could not be stored");
            }
        }
        pinholes.put(p.id(), p);
    }

    /** Backend, then journal, then table; installs it again when the journal fails. */
    private void uninstall(Pinhole p) throws UpnpException {
        try {
            backend.removePinhole(p.rule());
        } catch (NatBackendException | RuntimeException e) {
            counters.increment(BACKEND_FAILURES);
            LOG.warn("NAT backend failed to remove pinhole {}: {}", p.id(), e.toString());
            throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the NAT backend could not remove the pinhole");
        }
        if (journal != null) {
            try {
                journal.appendPinholeDelete(p.id());
            } catch (IOException e) {
                counters.increment(JOURNAL_FAILURES);
                LOG.warn("journal append failed for removal of pinhole {}; installing it again", p.id(), e);
                undo(p, true);
                throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the removal could not be stored");
            }
        }
        pinholes.remove(p.id());
    }

    private void undo(Pinhole p, boolean reinstall) {
        try {
            if (reinstall) {
                backend.addPinhole(p.rule());
            } else {
                backend.removePinhole(p.rule());
            }
        } catch (NatBackendException | RuntimeException e) {
            counters.increment(BACKEND_FAILURES);
            LOG.error("NAT backend could not undo pinhole {}; the next restart reconciles it", p.id(), e);
        }
    }

    /** UpdatePinhole: a new lease from now. */
    public synchronized void update(int id, long leaseSeconds, InetAddress requester) throws UpnpException {
        Pinhole p = owned(id, requester, "UpdatePinhole");
        checkLease(leaseSeconds);
        store(withExpiry(p, now().plusSeconds(leaseSeconds)));
    }

    /** DeletePinhole. */
    public synchronized void delete(int id, InetAddress requester) throws UpnpException {
        Pinhole p = owned(id, requester, "DeletePinhole");
        uninstall(p);
        LOG.info("deleted pinhole {} (by {})", id, requester.getHostAddress());
    }

    /**
     * Records the removal of journaled pinholes that are not restored (the pinhole service is not served), so that
     * they do not come back at a later start. A failed append is logged; compaction drops them later anyway.
     */
    public synchronized void forget(List<Pinhole> journaled) {
        if (journal == null) {
            return;
        }
        for (Pinhole p : journaled) {
            try {
                journal.appendPinholeDelete(p.id());
            } catch (IOException e) {
                counters.increment(JOURNAL_FAILURES);
                LOG.warn("journal append failed for the removal of pinhole {}", p.id(), e);
                return;
            }
        }
    }

    /**
     * GetPinholePackets: how many packets the pinhole let through, from the NAT backend, capped at the ui4 maximum.
     * 501 when the backend cannot count or fails.
     */
    public synchronized long packets(int id, InetAddress requester, String action) throws UpnpException {
        owned(id, requester, action);
        OptionalLong n;
        try {
            n = backend.pinholePackets(id);
        } catch (NatBackendException | RuntimeException e) {
            counters.increment(BACKEND_FAILURES);
            LOG.warn("NAT backend could not count the packets of pinhole {}: {}", id, e.toString());
            throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the NAT backend could not count packets");
        }
        if (n.isEmpty()) {
            throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the NAT backend cannot count pinhole packets");
        }
        return Math.min(n.getAsLong(), 0xFFFF_FFFFL);
    }

    /**
     * The pinhole {@code id} after the checks every per-pinhole action makes: 703 while not allowed, 704 when
     * unknown (or expired), 606 when secure mode and the requester is not its InternalClient's host
     * ({@link SameHost}).
     */
    public synchronized Pinhole owned(int id, InetAddress requester, String action) throws UpnpException {
        checkAllowed(requester, action);
        Pinhole p = pinholes.get(id);
        if (p == null || !p.expires().isAfter(now())) {
            throw new UpnpException(NO_SUCH_ENTRY, "NoSuchEntry");
        }
        if (policy.secureMode() && !sameHost.test(p.internalClient(), requester, lan)) {
            counters.increment(REFUSED_FOREIGN_OWNER);
            SECURITY.debug("refused {} of pinhole {} by {}: owned by another client", action, id,
                    requester.getHostAddress());
            throw new UpnpException(UpnpErrorCode.ACTION_NOT_AUTHORIZED, "pinhole owned by another client");
        }
        return p;
    }

    /**
     * GetOutboundPinholeTimeout: how long an idle outbound connection stays open, from the NAT backend when it can
     * tell, else the RFC 6092 minimum (REC-34: 7440 s for established TCP; REC-14: 120 s for UDP). For the protocol
     * wildcard, the shortest of TCP's and UDP's. 705 for another protocol; 606 while UPnP is switched off, and in
     * secure mode for an InternalClient other than the requester.
     */
    public synchronized long outboundTimeout(String internalClient, int protocol, InetAddress requester)
            throws UpnpException {
        if (!inboundAllowed()) {
            counters.increment(REFUSED_DISABLED);
            throw new UpnpException(UpnpErrorCode.ACTION_NOT_AUTHORIZED, "UPnP is switched off");
        }
        if (protocol != ANY_PROTOCOL) {
            checkProtocol(protocol);
        }
        String c = internalClient.trim();
        if (!c.isEmpty() && !c.equals("*")) {
            Inet6Address client = parseIpv6(c).orElseThrow(() -> new UpnpException(UpnpErrorCode.INVALID_ARGS,
                    "InternalClient must be empty or an IPv6 address"));
            if (policy.secureMode() && !sameHost.test(client, requester, lan)) {
                counters.increment(REFUSED_FOREIGN_CLIENT);
                throw new UpnpException(UpnpErrorCode.ACTION_NOT_AUTHORIZED, "InternalClient is not the requester");
            }
        }
        if (protocol == ANY_PROTOCOL) {
            return Math.min(outboundTimeout(TCP), outboundTimeout(UDP));
        }
        return outboundTimeout(protocol);
    }

    /** RFC 6092 REC-34 (TCP established, 2 h 4 min) and REC-14 (UDP, 2 min). */
    static final long RFC6092_TCP_SECONDS = 7440;
    static final long RFC6092_UDP_SECONDS = 120;

    private long outboundTimeout(int protocol) throws UpnpException {
        try {
            OptionalLong t = backend.outboundPinholeTimeout(protocol);
            if (t.isPresent()) {
                return Math.min(Math.max(0, t.getAsLong()), 0xFFFF_FFFFL);
            }
        } catch (NatBackendException | RuntimeException e) {
            counters.increment(BACKEND_FAILURES);
            LOG.warn("NAT backend could not tell the outbound timeout: {}", e.toString());
            throw new UpnpException(UpnpErrorCode.ACTION_FAILED, "the NAT backend could not tell the timeout");
        }
        return protocol == TCP ? RFC6092_TCP_SECONDS : RFC6092_UDP_SECONDS;
    }

    /**
     * Removes expired pinholes (every pinhole while inbound pinholes are not allowed) from backend, journal and
     * table; one the backend cannot remove stays and is retried at the next call. Returns how many were removed.
     */
    public synchronized int expire() {
        Instant now = now();
        boolean all = !inboundAllowed();
        int removed = 0;
        for (Pinhole p : new ArrayList<>(pinholes.values())) {
            if (all || !p.expires().isAfter(now)) {
                try {
                    uninstall(p);
                    removed++;
                    LOG.info("{} pinhole {} to [{}]:{}", all ? "removed" : "lease ended for", p.id(),
                            p.internalClient().getHostAddress(), p.internalPort());
                } catch (UpnpException e) {
                    LOG.warn("could not remove pinhole {}; retrying at the next sweep", p.id());
                }
            }
        }
        return removed;
    }

    /** Removes every pinhole (UPnP switched off); those the backend cannot remove are retried by {@link #expire}. */
    public synchronized void clear() {
        for (Pinhole p : new ArrayList<>(pinholes.values())) {
            try {
                uninstall(p);
            } catch (UpnpException e) {
                LOG.warn("could not remove pinhole {} while switching UPnP off; retrying at the next sweep", p.id());
            }
        }
    }

    public synchronized int size() {
        return pinholes.size();
    }

    /** The pinholes, by UniqueID. */
    public synchronized List<Pinhole> snapshot() {
        return List.copyOf(new ArrayList<>(pinholes.values()));
    }

    private void checkAllowed(InetAddress requester, String action) throws UpnpException {
        if (!inboundAllowed()) {
            counters.increment(REFUSED_DISABLED);
            SECURITY.debug("refused {} from {}: UPnP is switched off", action, requester.getHostAddress());
            throw new UpnpException(INBOUND_PINHOLE_NOT_ALLOWED, "InboundPinholeNotAllowed");
        }
    }

    private static void checkLease(long leaseSeconds) throws UpnpException {
        if (leaseSeconds < 1 || leaseSeconds > MAX_LEASE_SECONDS) {
            throw new UpnpException(UpnpErrorCode.INVALID_ARGS, "LeaseTime must be 1..86400");
        }
    }

    private static void checkProtocol(int protocol) throws UpnpException {
        if (protocol == ANY_PROTOCOL) {
            throw new UpnpException(PROTOCOL_WILDCARDING_NOT_ALLOWED, "ProtocolWildcardingNotAllowed");
        }
        if (protocol != TCP && protocol != UDP && protocol != UDP_LITE) {
            throw new UpnpException(PROTOCOL_NOT_SUPPORTED, "ProtocolNotSupported");
        }
    }

    /** RemoteHost: empty or {@code *} for any, else a global IPv6 literal; names are never resolved. */
    private String remoteHost(String remoteHost, InetAddress requester, String client, int port)
            throws UpnpException {
        String t = remoteHost.trim();
        if (t.isEmpty() || t.equals("*")) {
            return "";
        }
        Inet6Address a = parseIpv6(t).orElseThrow(() -> new UpnpException(UpnpErrorCode.INVALID_ARGS,
                "RemoteHost must be empty or an IPv6 address"));
        AddressScope s = LanAddresses.classify(a);
        if (s.isLan() || s == AddressScope.MULTICAST || s == AddressScope.UNSPECIFIED) {
            throw refuse(REFUSED_BAD_REMOTE_HOST, requester, client, port, "RemoteHost cannot be a remote peer");
        }
        return a.getHostAddress();
    }

    private UpnpException refuse(String counter, InetAddress requester, String client, int port, String why) {
        counters.increment(counter);
        SECURITY.debug("refused pinhole to [{}]:{} from {}: {}", RateLimitedLog.safe(client), port,
                requester.getHostAddress(), counter);
        return new UpnpException(UpnpErrorCode.ACTION_NOT_AUTHORIZED, why);
    }

    private boolean isGateway(InetAddress a) {
        for (LanInterface i : lan.interfaces()) {
            // the router's own global LAN address too: a pinhole to it would open the router's services to the WAN
            for (List<LanAddress> own : List.of(i.addresses(), i.onLinkGlobal())) {
                for (LanAddress la : own) {
                    if (sameAddress(la.address(), a)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean sameAddress(InetAddress a, InetAddress b) {
        return Arrays.equals(a.getAddress(), b.getAddress());
    }

    private int freeId() {
        for (int i = 0; i < 65535; i++) {
            int id = nextId;
            nextId = nextId == 65535 ? 1 : nextId + 1;
            if (!pinholes.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no free UniqueID"); // unreachable: size is capped below 65535
    }

    private static Pinhole withExpiry(Pinhole p, Instant expires) {
        return new Pinhole(p.id(), p.remoteHost(), p.remotePort(), p.internalClient(), p.internalPort(),
                p.protocol(), expires);
    }

    /** An IPv6 literal without zone; never a DNS lookup. */
    static java.util.Optional<Inet6Address> parseIpv6(String s) {
        if (s.length() > 45 || s.indexOf(':') < 0 || !s.chars().allMatch(ch -> ch == ':' || ch == '.'
                || Character.digit(ch, 16) >= 0)) {
            return java.util.Optional.empty();
        }
        try {
            InetAddress a = InetAddress.getByName(s);
            return a instanceof Inet6Address v6 ? java.util.Optional.of(v6) : java.util.Optional.empty();
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The served LAN changed (address added, removed or moved to another subnet): InternalClient checks use the new
     * subnets from now on. Existing entries stay; their leases end them.
     */
    public void followLan(LanPolicy newLan) {
        this.lan = java.util.Objects.requireNonNull(newLan, "newLan");
    }
}
