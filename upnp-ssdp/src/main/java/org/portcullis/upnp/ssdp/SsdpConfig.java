package org.portcullis.upnp.ssdp;

import io.netty.channel.EventLoopGroup;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.portcullis.upnp.core.net.LanBindingException;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.ssdp.codec.SsdpLimits;
import org.portcullis.upnp.ssdp.internal.NetworkInterfaces;

/**
 * Configuration of {@link SsdpAdvertiser} (and of {@link SsdpSearcher} where it applies). Immutable; build with
 * {@link #builder()}, derive with {@link #toBuilder()}.
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>Setting</th><th>Default</th></tr>
 * <tr><td>{@code interfaces}</td><td>required; each needs an IPv4 address</td></tr>
 * <tr><td>{@code port}</td><td>{@value #DEFAULT_PORT}</td></tr>
 * <tr><td>{@code multicastGroup}</td><td>{@value #DEFAULT_MULTICAST_GROUP}</td></tr>
 * <tr><td>{@code multicastTtl}</td><td>{@value #DEFAULT_MULTICAST_TTL} (UDA 1.1)</td></tr>
 * <tr><td>{@code maxAgeSeconds}</td><td>{@value #DEFAULT_MAX_AGE_SECONDS}; at least {@value #MIN_MAX_AGE_SECONDS}
 *     (values under 1800 only for tests)</td></tr>
 * <tr><td>{@code aliveIntervalSeconds}</td><td>max-age / 3; must be below max-age / 2; up to 10% jitter is
 *     subtracted from each period</td></tr>
 * <tr><td>{@code serverHeader}</td><td>{@value #DEFAULT_SERVER_HEADER}</td></tr>
 * <tr><td>{@code searchesPerSecondPerSource}, {@code searchBurstPerSource}</td>
 *     <td>{@value #DEFAULT_SEARCHES_PER_SECOND_PER_SOURCE}, {@value #DEFAULT_SEARCH_BURST_PER_SOURCE}</td></tr>
 * <tr><td>{@code responsesPerSecond}</td><td>{@value #DEFAULT_RESPONSES_PER_SECOND} response datagrams per
 *     second over all sources (burst twice that)</td></tr>
 * <tr><td>{@code maxTrackedSources}</td><td>{@value #DEFAULT_MAX_TRACKED_SOURCES} per-source buckets (LRU)</td></tr>
 * <tr><td>{@code bootId}</td><td>current Unix time in seconds (UDA 1.1 allows it)</td></tr>
 * <tr><td>{@code configId}</td><td>{@value #DEFAULT_CONFIG_ID}; 0..16777215</td></tr>
 * <tr><td>{@code limits}</td><td>{@link SsdpLimits#DEFAULT}</td></tr>
 * <tr><td>{@code searchPort}</td><td>{@code port}; otherwise announced as SEARCHPORT.UPNP.ORG</td></tr>
 * <tr><td>{@code responsesPerSecondPerSource}</td><td>{@value #DEFAULT_RESPONSES_PER_SECOND_PER_SOURCE} response
 *     datagrams per second per source (burst twice that)</td></tr>
 * <tr><td>{@code ipv6}, {@code ipv6SiteLocal}</td><td>on (FF02::C where a ULA or link-local address exists), off
 * (FF05::C, where a ULA exists)</td></tr>
 * <tr><td>{@code eventLoopGroup}</td><td>none: the advertiser makes and owns a one-thread NIO group</td></tr>
 * </table>
 *
 * @param interfaces                 the LAN interfaces to serve, at least one, each with an IPv4 address
 * @param port                       SSDP UDP port
 * @param multicastGroup             IPv4 SSDP group
 * @param multicastTtl               IPv4 multicast TTL, 1..255
 * @param maxAgeSeconds              CACHE-CONTROL max-age
 * @param aliveIntervalSeconds       period of re-announcement
 * @param serverHeader               SERVER header ({@code OS/ver UPnP/1.x product/ver})
 * @param searchesPerSecondPerSource sustained M-SEARCH rate accepted from one source address
 * @param searchBurstPerSource       M-SEARCH burst accepted from one source address
 * @param responsesPerSecond         sustained rate of response datagrams over all sources
 * @param maxTrackedSources          most source addresses with their own bucket
 * @param bootId                     BOOTID.UPNP.ORG, 0..2^31-1
 * @param configId                   CONFIGID.UPNP.ORG, 0..16777215
 * @param limits                     decoder limits
 * @param eventLoopGroup             NIO event loop group to run on, or {@code null} for a private one
 * @param searchPort                 UDP port of the unicast search socket: {@code port} (the default) or
 *                                   49152..65535, then announced as SEARCHPORT.UPNP.ORG
 * @param responsesPerSecondPerSource sustained rate of response datagrams one source can cause (burst twice that);
 *                                   below {@code responsesPerSecond} so that one flooding host cannot starve others
 * @param ipv6                       also serve FF02::C on interfaces with an IPv6 ULA or link-local address
 * @param ipv6SiteLocal              also serve FF05::C (with {@code ipv6})
 */
public record SsdpConfig(
        List<LanInterface> interfaces,
        int port,
        Inet4Address multicastGroup,
        int multicastTtl,
        int maxAgeSeconds,
        int aliveIntervalSeconds,
        String serverHeader,
        int searchesPerSecondPerSource,
        int searchBurstPerSource,
        int responsesPerSecond,
        int maxTrackedSources,
        long bootId,
        int configId,
        SsdpLimits limits,
        EventLoopGroup eventLoopGroup,
        int searchPort,
        int responsesPerSecondPerSource,
        boolean ipv6,
        boolean ipv6SiteLocal) {

    /** The SSDP port. */
    public static final int DEFAULT_PORT = 1900;
    /** The IPv4 SSDP group. */
    public static final String DEFAULT_MULTICAST_GROUP = "239.255.255.250";
    /** Default multicast TTL (UDA 1.1 SHOULD). */
    public static final int DEFAULT_MULTICAST_TTL = 2;
    /** Default max-age (UDA 1.1: SHOULD be at least 1800). */
    public static final int DEFAULT_MAX_AGE_SECONDS = 1800;
    /** Smallest accepted max-age. */
    public static final int MIN_MAX_AGE_SECONDS = 60;
    /** Default SERVER header. */
    public static final String DEFAULT_SERVER_HEADER = "Linux/5 UPnP/1.0 Portcullis/0.1";
    /** Default per-source search rate. */
    public static final int DEFAULT_SEARCHES_PER_SECOND_PER_SOURCE = 10;
    /** Default per-source search burst. */
    public static final int DEFAULT_SEARCH_BURST_PER_SOURCE = 20;
    /** Default global response datagram rate. */
    public static final int DEFAULT_RESPONSES_PER_SECOND = 100;
    /** Default number of tracked sources. */
    public static final int DEFAULT_MAX_TRACKED_SOURCES = 1024;
    /** Default per-source response datagram rate: two ssdp:all answers of an IGD:1 tree per second. */
    public static final int DEFAULT_RESPONSES_PER_SECOND_PER_SOURCE = 20;
    /** Default CONFIGID.UPNP.ORG. */
    public static final int DEFAULT_CONFIG_ID = 1;

    public SsdpConfig {
        interfaces = List.copyOf(interfaces);
        if (interfaces.isEmpty()) {
            throw new LanBindingException("no LAN interface to serve SSDP on");
        }
        for (LanInterface i : interfaces) {
            if (i.ipv4().isEmpty() && !(ipv6 && NetworkInterfaces.ipv6(i).isPresent())) {
                throw new LanBindingException("interface " + i.name() + " has no IPv4 address for SSDP");
            }
        }
        if (searchPort != port) {
            range("searchPort", searchPort, 49152, 65535);
        }
        range("responsesPerSecondPerSource", responsesPerSecondPerSource, 1, 1_000_000);
        range("port", port, 1, 65535);
        Objects.requireNonNull(multicastGroup, "multicastGroup");
        if (!multicastGroup.isMulticastAddress()) {
            throw new IllegalArgumentException("not a multicast group: " + multicastGroup.getHostAddress());
        }
        range("multicastTtl", multicastTtl, 1, 255);
        range("maxAgeSeconds", maxAgeSeconds, MIN_MAX_AGE_SECONDS, 86400);
        if (aliveIntervalSeconds < 1 || 2L * aliveIntervalSeconds >= maxAgeSeconds) {
            throw new IllegalArgumentException("aliveIntervalSeconds must be in 1..max-age/2 (exclusive): "
                    + aliveIntervalSeconds);
        }
        Objects.requireNonNull(serverHeader, "serverHeader");
        if (serverHeader.isBlank() || serverHeader.length() > 256
                || !serverHeader.chars().allMatch(c -> c >= 0x20 && c < 0x7F)
                || serverHeader.strip().length() != serverHeader.length()) {
            throw new IllegalArgumentException("serverHeader must be trimmed visible ASCII, at most 256 chars");
        }
        range("searchesPerSecondPerSource", searchesPerSecondPerSource, 1, 100_000);
        range("searchBurstPerSource", searchBurstPerSource, 1, 100_000);
        range("responsesPerSecond", responsesPerSecond, 1, 1_000_000);
        range("maxTrackedSources", maxTrackedSources, 1, 1_000_000);
        if (bootId < 0 || bootId > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bootId out of range 0..2^31-1: " + bootId);
        }
        range("configId", configId, 0, 16_777_215);
        Objects.requireNonNull(limits, "limits");
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " out of range " + min + ".." + max + ": " + value);
        }
    }

    /** A builder with every default set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.interfaces = interfaces;
        b.port = port;
        b.multicastGroup = multicastGroup;
        b.multicastTtl = multicastTtl;
        b.maxAgeSeconds = maxAgeSeconds;
        b.aliveIntervalSeconds = aliveIntervalSeconds;
        b.serverHeader = serverHeader;
        b.searchesPerSecondPerSource = searchesPerSecondPerSource;
        b.searchBurstPerSource = searchBurstPerSource;
        b.responsesPerSecond = responsesPerSecond;
        b.maxTrackedSources = maxTrackedSources;
        b.bootId = bootId;
        b.configId = configId;
        b.limits = limits;
        b.eventLoopGroup = eventLoopGroup;
        b.searchPort = searchPort == port ? 0 : searchPort;
        b.responsesPerSecondPerSource = responsesPerSecondPerSource;
        b.ipv6 = ipv6;
        b.ipv6SiteLocal = ipv6SiteLocal;
        return b;
    }

    /** Builds a {@link SsdpConfig}; each setter checks its own value, {@link #build()} checks them together. */
    public static final class Builder {
        private List<LanInterface> interfaces = List.of();
        private int port = DEFAULT_PORT;
        private Inet4Address multicastGroup = defaultGroup();
        private int multicastTtl = DEFAULT_MULTICAST_TTL;
        private int maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS;
        private int aliveIntervalSeconds; // 0: max-age / 3
        private String serverHeader = DEFAULT_SERVER_HEADER;
        private int searchesPerSecondPerSource = DEFAULT_SEARCHES_PER_SECOND_PER_SOURCE;
        private int searchBurstPerSource = DEFAULT_SEARCH_BURST_PER_SOURCE;
        private int responsesPerSecond = DEFAULT_RESPONSES_PER_SECOND;
        private int maxTrackedSources = DEFAULT_MAX_TRACKED_SOURCES;
        private long bootId = Instant.now().getEpochSecond() & Integer.MAX_VALUE;
        private int configId = DEFAULT_CONFIG_ID;
        private SsdpLimits limits = SsdpLimits.DEFAULT;
        private EventLoopGroup eventLoopGroup;
        private int searchPort; // 0: port
        private int responsesPerSecondPerSource = DEFAULT_RESPONSES_PER_SECOND_PER_SOURCE;
        private boolean ipv6 = true;
        private boolean ipv6SiteLocal;

        private Builder() {}

        /** The unicast search port: 0 (default) for {@code port}, else 49152..65535 (SEARCHPORT.UPNP.ORG). */
        public Builder searchPort(int v) {
            if (v != 0) {
                range("searchPort", v, 49152, 65535);
            }
            this.searchPort = v;
            return this;
        }

        public Builder responsesPerSecondPerSource(int rate) {
            range("responsesPerSecondPerSource", rate, 1, 1_000_000);
            this.responsesPerSecondPerSource = rate;
            return this;
        }

        /** Serve FF02::C on interfaces with an IPv6 unique local or link-local address (default on). */
        public Builder ipv6(boolean v) {
            this.ipv6 = v;
            return this;
        }

        /** Also serve FF05::C (default off). */
        public Builder ipv6SiteLocal(boolean v) {
            this.ipv6SiteLocal = v;
            return this;
        }

        private static Inet4Address defaultGroup() {
            try {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) 239, (byte) 255, (byte) 255,
                        (byte) 250});
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }

        public Builder interfaces(List<LanInterface> interfaces) {
            this.interfaces = List.copyOf(interfaces);
            return this;
        }

        public Builder port(int port) {
            range("port", port, 1, 65535);
            this.port = port;
            return this;
        }

        public Builder multicastGroup(Inet4Address group) {
            this.multicastGroup = Objects.requireNonNull(group, "group");
            return this;
        }

        public Builder multicastTtl(int ttl) {
            range("multicastTtl", ttl, 1, 255);
            this.multicastTtl = ttl;
            return this;
        }

        public Builder maxAgeSeconds(int seconds) {
            range("maxAgeSeconds", seconds, MIN_MAX_AGE_SECONDS, 86400);
            this.maxAgeSeconds = seconds;
            return this;
        }

        /** The re-announcement period; 0 restores the default, max-age / 3. */
        public Builder aliveIntervalSeconds(int seconds) {
            range("aliveIntervalSeconds", seconds, 0, 43200);
            this.aliveIntervalSeconds = seconds;
            return this;
        }

        public Builder serverHeader(String serverHeader) {
            this.serverHeader = Objects.requireNonNull(serverHeader, "serverHeader");
            return this;
        }

        public Builder searchesPerSecondPerSource(int rate) {
            range("searchesPerSecondPerSource", rate, 1, 100_000);
            this.searchesPerSecondPerSource = rate;
            return this;
        }

        public Builder searchBurstPerSource(int burst) {
            range("searchBurstPerSource", burst, 1, 100_000);
            this.searchBurstPerSource = burst;
            return this;
        }

        public Builder responsesPerSecond(int rate) {
            range("responsesPerSecond", rate, 1, 1_000_000);
            this.responsesPerSecond = rate;
            return this;
        }

        public Builder maxTrackedSources(int max) {
            range("maxTrackedSources", max, 1, 1_000_000);
            this.maxTrackedSources = max;
            return this;
        }

        public Builder bootId(long bootId) {
            range("bootId", bootId, 0, Integer.MAX_VALUE);
            this.bootId = bootId;
            return this;
        }

        public Builder configId(int configId) {
            range("configId", configId, 0, 16_777_215);
            this.configId = configId;
            return this;
        }

        public Builder limits(SsdpLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The NIO group to run on ({@code null}: the advertiser makes and closes its own). Not closed by us. */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.eventLoopGroup = group;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws LanBindingException      when no interface is given or one has no IPv4 address
         * @throws IllegalArgumentException when values disagree (e.g. alive interval not below max-age / 2)
         */
        public SsdpConfig build() {
            int interval = aliveIntervalSeconds == 0 ? Math.max(1, maxAgeSeconds / 3) : aliveIntervalSeconds;
            return new SsdpConfig(interfaces, port, multicastGroup, multicastTtl, maxAgeSeconds, interval,
                    serverHeader, searchesPerSecondPerSource, searchBurstPerSource, responsesPerSecond,
                    maxTrackedSources, bootId, configId, limits, eventLoopGroup, searchPort == 0 ? port : searchPort,
                    responsesPerSecondPerSource, ipv6, ipv6SiteLocal);
        }
    }
}
