package org.portcullis.upnp.igd;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.portcullis.upnp.core.http.HttpLimits;
import org.portcullis.upnp.core.net.LanBindingException;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.gena.GenaConfig;
import org.portcullis.upnp.igd.spi.NatBackend;

/**
 * Configuration of an {@link Igd}. Build it with {@link #builder()}; {@link Builder#build()} enforces the LAN-only
 * rule: every LAN interface is served only on its LAN addresses (checked by {@link LanInterface}: a public IPv4
 * address refuses the interface, a global IPv6 address is never served), and none may be the WAN interface.
 *
 * @param lanInterfaces   interfaces SSDP and HTTP serve on, at least one
 * @param wanInterface    the WAN interface's name, if any (never served; supplies the external address)
 * @param externalAddress the current external IPv4 address, empty when unknown
 * @param httpPort        HTTP port, 0 for any free port
 * @param ssdpPort        SSDP port, {@value #DEFAULT_SSDP_PORT} (other values only for tests)
 * @param ssdpMaxAgeSeconds CACHE-CONTROL max-age of announcements
 * @param ssdpEnabled     whether SSDP runs (off only for loopback demos, where no multicast is possible)
 * @param friendlyName    the root device's friendly name
 * @param deviceId        stable identity from which UDNs are derived
 * @param mappingPolicy   who may map what
 * @param natBackend      where mappings are applied
 * @param httpLimits      HTTP limits
 * @param clock           time source for leases
 * @param igdVersion      which IGD version is presented, {@link IgdVersion#AUTO} by default
 * @param stateDirectory  where the mapping journal lives; empty: mappings are not kept across restarts
 * @param ssdpSiteLocal   whether SSDP also serves the IPv6 site-local group FF05::C (default off; FF02::C always)
 * @param genaConfig      eventing limits and the CallStranger callback policy ({@link GenaConfig#defaults()}:
 *                        callbacks only to the subscriber's own address)
 */
public record IgdConfig(
        List<LanInterface> lanInterfaces,
        Optional<String> wanInterface,
        Supplier<Optional<Inet4Address>> externalAddress,
        int httpPort,
        int ssdpPort,
        int ssdpMaxAgeSeconds,
        boolean ssdpEnabled,
        String friendlyName,
        String deviceId,
        MappingPolicy mappingPolicy,
        NatBackend natBackend,
        HttpLimits httpLimits,
        Clock clock,
        IgdVersion igdVersion,
        Optional<java.nio.file.Path> stateDirectory,
        boolean ssdpSiteLocal,
        GenaConfig genaConfig) {
    public static final int DEFAULT_SSDP_PORT = 1900;
    public static final int DEFAULT_SSDP_MAX_AGE_SECONDS = 1800;
    public static final String DEFAULT_FRIENDLY_NAME = "Portcullis IGD";

    public IgdConfig {
        lanInterfaces = List.copyOf(lanInterfaces);
        if (lanInterfaces.isEmpty()) {
            throw new LanBindingException("at least one LAN interface is required");
        }
        Objects.requireNonNull(wanInterface, "wanInterface");
        Objects.requireNonNull(genaConfig, "genaConfig");
        for (LanInterface lan : lanInterfaces) {
            if (wanInterface.isPresent() && wanInterface.get().equals(lan.name())) {
                throw new LanBindingException("interface " + lan.name()
                        + " is the WAN interface: refusing to serve UPnP on it");
            }
        }
        Objects.requireNonNull(externalAddress, "externalAddress");
        if (httpPort < 0 || httpPort > 65535 || ssdpPort < 1 || ssdpPort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        if (ssdpMaxAgeSeconds < 60) {
            throw new IllegalArgumentException("ssdpMaxAgeSeconds below 60");
        }
        Objects.requireNonNull(friendlyName, "friendlyName");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(mappingPolicy, "mappingPolicy");
        Objects.requireNonNull(natBackend, "natBackend");
        Objects.requireNonNull(httpLimits, "httpLimits");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(igdVersion, "igdVersion");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads the first IPv4 address of an interface, at each call (so address changes are seen). */
    public static Supplier<Optional<Inet4Address>> interfaceAddress(String name) {
        return () -> {
            try {
                NetworkInterface nif = NetworkInterface.getByName(name);
                if (nif == null || !nif.isUp()) {
                    return Optional.empty();
                }
                for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                    InetAddress addr = a.getAddress();
                    if (addr instanceof Inet4Address v4) {
                        return Optional.of(v4);
                    }
                }
                return Optional.empty();
            } catch (SocketException e) {
                return Optional.empty();
            }
        };
    }

    /** Builder with secure defaults; each setter validates its value, {@link #build()} the whole. */
    public static final class Builder {
        private final List<LanInterface> lanInterfaces = new ArrayList<>();
        private Optional<String> wanInterface = Optional.empty();
        private Supplier<Optional<Inet4Address>> externalAddress;
        private int httpPort;
        private int ssdpPort = DEFAULT_SSDP_PORT;
        private int ssdpMaxAgeSeconds = DEFAULT_SSDP_MAX_AGE_SECONDS;
        private boolean ssdpEnabled = true;
        private boolean ssdpSiteLocal;
        private GenaConfig genaConfig = GenaConfig.defaults();
        private String friendlyName = DEFAULT_FRIENDLY_NAME;
        private String deviceId;
        private MappingPolicy mappingPolicy = MappingPolicy.secure();
        private NatBackend natBackend;
        private HttpLimits httpLimits = HttpLimits.defaults();
        private Clock clock = Clock.systemUTC();
        private IgdVersion igdVersion = IgdVersion.AUTO;
        private Optional<java.nio.file.Path> stateDirectory = Optional.empty();

        private Builder() {}

        /** Which IGD version is presented (see {@link IgdVersion}). */
        public Builder igdVersion(IgdVersion v) {
            igdVersion = Objects.requireNonNull(v, "igdVersion");
            return this;
        }

        /**
         * The state directory: acknowledged mappings are journaled there (synced before the response leaves) and
         * restored at the next start. Created when missing; {@link Igd#start} throws {@link IgdStateException} when
         * it cannot be read or written.
         */
        public Builder stateDirectory(java.nio.file.Path v) {
            stateDirectory = Optional.of(Objects.requireNonNull(v, "stateDirectory"));
            return this;
        }

        /** Adds a LAN interface (validated: LAN addresses only). */
        public Builder lanInterface(LanInterface v) {
            lanInterfaces.add(Objects.requireNonNull(v, "lanInterface"));
            return this;
        }

        /** The WAN interface: never served; its first IPv4 address is the external address unless set otherwise. */
        public Builder wanInterface(String name) {
            wanInterface = Optional.of(Objects.requireNonNull(name, "wanInterface"));
            return this;
        }

        public Builder externalAddress(Supplier<Optional<Inet4Address>> v) {
            externalAddress = Objects.requireNonNull(v, "externalAddress");
            return this;
        }

        public Builder httpPort(int v) {
            if (v < 0 || v > 65535) {
                throw new IllegalArgumentException("httpPort out of range: " + v);
            }
            httpPort = v;
            return this;
        }

        public Builder ssdpPort(int v) {
            if (v < 1 || v > 65535) {
                throw new IllegalArgumentException("ssdpPort out of range: " + v);
            }
            ssdpPort = v;
            return this;
        }

        public Builder ssdpMaxAgeSeconds(int v) {
            if (v < 60) {
                throw new IllegalArgumentException("ssdpMaxAgeSeconds below 60");
            }
            ssdpMaxAgeSeconds = v;
            return this;
        }

        /**
         * Eventing limits and policy; {@link org.portcullis.upnp.gena.CallbackScope#LAN_SUBNET} is the documented
         * way to let subscribers name another host of their own served subnet as callback.
         */
        public Builder genaConfig(GenaConfig v) {
            genaConfig = Objects.requireNonNull(v, "genaConfig");
            return this;
        }

        /** Also serve SSDP on the IPv6 site-local group FF05::C where an interface has a ULA (default off). */
        public Builder ssdpSiteLocal(boolean v) {
            ssdpSiteLocal = v;
            return this;
        }

        /** SSDP on (default) or off; off leaves the device reachable only by its description URL. */
        public Builder ssdpEnabled(boolean v) {
            ssdpEnabled = v;
            return this;
        }

        public Builder friendlyName(String v) {
            if (v == null || v.isBlank() || v.length() > 63) {
                throw new IllegalArgumentException("friendlyName must be 1..63 characters");
            }
            friendlyName = v;
            return this;
        }

        public Builder deviceId(String v) {
            deviceId = Objects.requireNonNull(v, "deviceId");
            return this;
        }

        public Builder mappingPolicy(MappingPolicy v) {
            mappingPolicy = Objects.requireNonNull(v, "mappingPolicy");
            return this;
        }

        public Builder natBackend(NatBackend v) {
            natBackend = Objects.requireNonNull(v, "natBackend");
            return this;
        }

        public Builder httpLimits(HttpLimits v) {
            httpLimits = Objects.requireNonNull(v, "httpLimits");
            return this;
        }

        public Builder clock(Clock v) {
            clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /**
         * @throws LanBindingException when no LAN interface is given or one is the WAN interface
         */
        public IgdConfig build() {
            Supplier<Optional<Inet4Address>> ext = externalAddress;
            if (ext == null) {
                ext = wanInterface.isPresent() ? interfaceAddress(wanInterface.get()) : Optional::empty;
            }
            String id = deviceId;
            if (id == null) {
                StringBuilder b = new StringBuilder("portcullis");
                lanInterfaces.forEach(l -> b.append('/').append(l.name()));
                id = b.toString();
            }
            return new IgdConfig(lanInterfaces, wanInterface, ext, httpPort, ssdpPort, ssdpMaxAgeSeconds,
                    ssdpEnabled, friendlyName, id, mappingPolicy, natBackend == null ? NatBackend.inMemory() : natBackend,
                    httpLimits, clock, igdVersion, stateDirectory, ssdpSiteLocal, genaConfig);
        }
    }
}
