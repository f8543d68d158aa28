package org.portcullis.upnp.igd.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.client.GatewayException.Kind;
import org.portcullis.upnp.igd.client.internal.DescriptionParser;
import org.portcullis.upnp.igd.client.internal.HttpExchange;
import org.portcullis.upnp.igd.client.internal.Mappings;
import org.portcullis.upnp.igd.client.internal.Text;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionRequest;
import org.portcullis.upnp.soap.ActionResponse;
import org.portcullis.upnp.soap.SoapClient;
import org.portcullis.upnp.soap.SoapFaultException;
import org.portcullis.upnp.soap.SoapTransportException;
import org.portcullis.upnp.ssdp.SearchResult;
import org.portcullis.upnp.ssdp.SsdpSearcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A control point for Internet Gateway Devices, for applications that need a port opened.
 *
 * <pre>{@code
 * try (GatewayClient client = GatewayClient.builder().timeout(Duration.ofSeconds(3)).build()) {
 *     List<Gateway> gws = client.discover(LanInterface.lookup("eth0"), Duration.ofSeconds(2)).get();
 *     Gateway gw = gws.get(0);
 *     InetAddress external = client.externalAddress(gw).get();
 *     int port = gw.isIgd2()
 *             ? client.addAnyPortMapping(gw, request).get()
 *             : client.addPortMapping(gw, request).thenApply(v -> request.externalPort()).get();
 *     ...
 *     client.deletePortMapping(gw, Protocol.TCP, port).get();
 * }
 * }</pre>
 *
 * <p>Every call returns a {@link CompletableFuture} that completes exceptionally with a {@link GatewayException}:
 * {@link GatewayException.Kind#FAULT} with the device's UPnP error code (718 ConflictInMappingEntry,
 * 725 OnlyPermanentLeasesSupported, 606 Action not authorized, ...), or a transport kind. Each HTTP exchange is
 * bounded by the {@linkplain Builder#timeout timeout} (default {@value #DEFAULT_TIMEOUT_MILLIS} ms) and by size
 * (descriptions {@value #DEFAULT_MAX_DESCRIPTION_BYTES} bytes, SOAP answers {@value #DEFAULT_MAX_SOAP_BYTES} bytes);
 * URLs must carry IP literals (no DNS). Descriptions are parsed with hardened XML (no DTDs) and leniently about
 * namespaces, URLBase and relative URLs; the chosen connection service is WANIPConnection:2, else :1, else
 * WANPPPConnection:1, and its control URL must be on the description's host.
 *
 * <p>Thread-safe. One small event loop thread and one discovery thread (both daemon threads) belong to the client;
 * {@link #close()} stops them and fails calls still running. {@link #await} is the blocking convenience.
 */
public final class GatewayClient implements AutoCloseable {
    public static final long DEFAULT_TIMEOUT_MILLIS = 5000;
    public static final int DEFAULT_MAX_DESCRIPTION_BYTES = 65_536;
    public static final int DEFAULT_MAX_SOAP_BYTES = 262_144;
    /** Most entries {@link #listMappings} returns (and GetGenericPortMappingEntry calls it makes). */
    public static final int DEFAULT_MAX_LIST_ENTRIES = 256;
    /** The search target: IGD:2 devices answer searches for version 1 too (UDA 1.1 §1.3.2). */
    public static final String SEARCH_TARGET = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayClient.class);

    private final Duration timeout;
    private final int maxListEntries;
    private final EventLoopGroup group;
    private final ExecutorService discovery;
    private final HttpExchange descriptions;
    private final SoapClient soap;

    private GatewayClient(Builder b) {
        this.timeout = b.timeout;
        this.maxListEntries = b.maxListEntries;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("portcullis-igd-client", true),
                NioIoHandler.newFactory());
        this.discovery = Executors.newSingleThreadExecutor(new DefaultThreadFactory("portcullis-igd-discovery",
                true));
        this.descriptions = new HttpExchange(group, timeout, b.maxDescriptionBytes);
        this.soap = SoapClient.builder()
                .eventLoopGroup(group)
                .connectTimeout(timeout)
                .responseTimeout(timeout)
                .maxResponseBytes(b.maxSoapBytes)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client with the defaults. */
    public static GatewayClient create() {
        return builder().build();
    }

    /**
     * Searches {@code lan} for gateways (SSDP, {@link #SEARCH_TARGET}) for {@code searchTime} (1..10 s), reads each
     * distinct description whose URL is on that interface's subnets, and returns the usable gateways, IGD:2 first.
     * Devices whose description cannot be read or offers no connection service are left out (logged at debug).
     */
    public CompletableFuture<List<Gateway>> discover(LanInterface lan, Duration searchTime) {
        Objects.requireNonNull(lan, "lan");
        Objects.requireNonNull(searchTime, "searchTime");
        CompletableFuture<List<SearchResult>> found = new CompletableFuture<>();
        try {
            discovery.execute(() -> {
                try {
                    found.complete(SsdpSearcher.search(lan, SEARCH_TARGET, searchTime));
                } catch (InterruptedException e) {
                    found.completeExceptionally(GatewayException.of(Kind.IO, "discovery interrupted"));
                } catch (RuntimeException e) {
                    found.completeExceptionally(GatewayException.of(Kind.IO,
                            "discovery failed: " + e.getMessage(), e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            found.completeExceptionally(GatewayException.of(Kind.IO, "client is closed"));
        }
        return found.thenCompose(results -> describeAll(lan, results));
    }

    private CompletableFuture<List<Gateway>> describeAll(LanInterface lan, List<SearchResult> results) {
        Map<URI, String> locations = new LinkedHashMap<>();
        for (SearchResult r : results) {
            try {
                URI u = new URI(r.location().strip());
                if (lan.covers(HttpExchange.endpoint(u).getAddress())) {
                    locations.putIfAbsent(u, r.server());
                } else {
                    LOG.debug("ignoring LOCATION off the LAN interface from {}", r.from());
                }
            } catch (java.net.URISyntaxException | GatewayException e) {
                LOG.debug("ignoring unusable LOCATION from {}: {}", r.from(), e.getMessage());
            }
        }
        List<CompletableFuture<Gateway>> each = new ArrayList<>();
        locations.forEach((u, server) -> each.add(describe(u, server)));
        return CompletableFuture.allOf(each.stream()
                        .map(f -> f.handle((g, e) -> g)).toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    List<Gateway> out = new ArrayList<>();
                    for (CompletableFuture<Gateway> f : each) {
                        Gateway g = f.handle((ok, e) -> {
                            if (e != null) {
                                LOG.debug("gateway description unusable: {}", e.getMessage());
                            }
                            return ok;
                        }).join();
                        if (g != null) {
                            out.add(g);
                        }
                    }
                    out.sort(Comparator.comparing((Gateway g) -> !g.isIgd2()));
                    return List.copyOf(out);
                });
    }

    /** Reads the description at {@code location}; {@link Gateway#server()} is the HTTP {@code Server} header. */
    public CompletableFuture<Gateway> describe(URI location) {
        return describe(location, null);
    }

    /** Reads the description at {@code location}, recording {@code server} (the SSDP SERVER header) if not null. */
    public CompletableFuture<Gateway> describe(URI location, String server) {
        Objects.requireNonNull(location, "location");
        return descriptions.get(location).thenCompose(resp -> {
            try {
                if (resp.status() != 200) {
                    throw GatewayException.httpStatus(resp.status(), "HTTP " + resp.status() + " for description");
                }
                return CompletableFuture.completedFuture(DescriptionParser.gateway(location,
                        server != null ? server : resp.server(), resp.body()));
            } catch (GatewayException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /** GetExternalIPAddress. Fails with {@link Kind#MALFORMED} when the answer is empty or not an IP literal. */
    public CompletableFuture<InetAddress> externalAddress(Gateway gateway) {
        return call(gateway, "GetExternalIPAddress", List.of()).thenCompose(out -> {
            String v = out.getOrDefault("NewExternalIPAddress", "").strip();
            byte[] raw = NetUtil.createByteArrayFromIpAddressString(v);
            try {
                if (raw == null) {
                    throw GatewayException.of(Kind.MALFORMED, "no usable external address in the answer");
                }
                return CompletableFuture.completedFuture(InetAddress.getByAddress(raw));
            } catch (GatewayException | UnknownHostException e) {
                return CompletableFuture.failedFuture(e instanceof GatewayException g ? g
                        : GatewayException.of(Kind.MALFORMED, "bad external address", e));
            }
        });
    }

    /** AddPortMapping (IGD:1 and later): maps exactly {@link PortMappingRequest#externalPort()}. */
    public CompletableFuture<Void> addPortMapping(Gateway gateway, PortMappingRequest request) {
        return call(gateway, "AddPortMapping", mappingArguments(request)).thenApply(out -> null);
    }

    /**
     * AddAnyPortMapping (WANIPConnection:2): the gateway maps the preferred port or another free one.
     *
     * @return the external port the gateway reserved
     */
    public CompletableFuture<Integer> addAnyPortMapping(Gateway gateway, PortMappingRequest request) {
        if (!gateway.isIgd2()) {
            return CompletableFuture.failedFuture(GatewayException.of(Kind.UNSUPPORTED,
                    "AddAnyPortMapping needs WANIPConnection:2, the gateway offers " + gateway.serviceType()));
        }
        return call(gateway, "AddAnyPortMapping", mappingArguments(request)).thenCompose(out -> {
            String v = out.getOrDefault("NewReservedPort", "").strip();
            if (!v.matches("\\d{1,5}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 65535) {
                return CompletableFuture.failedFuture(GatewayException.of(Kind.MALFORMED,
                        "no valid NewReservedPort in the answer"));
            }
            return CompletableFuture.completedFuture(Integer.parseInt(v));
        });
    }

    /** DeletePortMapping for any remote host. */
    public CompletableFuture<Void> deletePortMapping(Gateway gateway, Protocol protocol, int externalPort) {
        if (externalPort < 1 || externalPort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        return call(gateway, "DeletePortMapping", List.of(
                new ActionArgument("NewRemoteHost", ""),
                new ActionArgument("NewExternalPort", Integer.toString(externalPort)),
                new ActionArgument("NewProtocol", protocol.name()))).thenApply(out -> null);
    }

    /**
     * The gateway's mappings, at most the builder's {@code maxListEntries}: GetListOfPortMappings for TCP and UDP
     * on WANIPConnection:2 (falling back when the device refuses it), else GetGenericPortMappingEntry from index 0
     * until the device answers 713/714/730 (or another fault).
     */
    public CompletableFuture<List<RemoteMapping>> listMappings(Gateway gateway) {
        if (!gateway.isIgd2()) {
            return listGeneric(gateway, 0, new ArrayList<>());
        }
        return listRange(gateway, Protocol.TCP).thenCombine(listRange(gateway, Protocol.UDP), (tcp, udp) -> {
            List<RemoteMapping> all = new ArrayList<>(tcp);
            all.addAll(udp);
            return List.copyOf(all.subList(0, Math.min(all.size(), maxListEntries)));
        }).exceptionallyCompose(e -> {
            GatewayException g = unwrap(e);
            if (g.kind() == Kind.FAULT || g.kind() == Kind.MALFORMED) {
                return listGeneric(gateway, 0, new ArrayList<>());
            }
            return CompletableFuture.failedFuture(g);
        });
    }

    private CompletableFuture<List<RemoteMapping>> listRange(Gateway gateway, Protocol protocol) {
        return call(gateway, "GetListOfPortMappings", List.of(
                new ActionArgument("NewStartPort", "1"),
                new ActionArgument("NewEndPort", "65535"),
                new ActionArgument("NewProtocol", protocol.name()),
                new ActionArgument("NewManage", "1"),
                new ActionArgument("NewNumberOfPorts", Integer.toString(maxListEntries))))
                .thenCompose(out -> {
                    try {
                        return CompletableFuture.completedFuture(
                                Mappings.fromListing(out.getOrDefault("NewPortListing", ""), maxListEntries));
                    } catch (GatewayException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                })
                .exceptionallyCompose(e -> {
                    GatewayException g = unwrap(e);
                    // 730 PortMappingNotFound (and 713 from some devices) mean an empty range.
                    if (g.upnpErrorCode().orElse(0) == 730 || g.upnpErrorCode().orElse(0) == 713) {
                        return CompletableFuture.completedFuture(List.of());
                    }
                    return CompletableFuture.failedFuture(g);
                });
    }

    private CompletableFuture<List<RemoteMapping>> listGeneric(Gateway gateway, int index, List<RemoteMapping> acc) {
        if (index >= maxListEntries) {
            return CompletableFuture.completedFuture(List.copyOf(acc));
        }
        return call(gateway, "GetGenericPortMappingEntry",
                List.of(new ActionArgument("NewPortMappingIndex", Integer.toString(index))))
                .handle((out, e) -> {
                    if (e != null) {
                        GatewayException g = unwrap(e);
                        // The end of the list is a fault (713 by the spec; 714 and 730 seen in the field); any
                        // fault after the first entry ends the list too.
                        if (g.kind() == Kind.FAULT) {
                            return CompletableFuture.completedFuture(List.copyOf(acc));
                        }
                        return CompletableFuture.<List<RemoteMapping>>failedFuture(g);
                    }
                    try {
                        acc.add(Mappings.fromGenericEntry(out));
                    } catch (GatewayException m) {
                        return CompletableFuture.<List<RemoteMapping>>failedFuture(m);
                    }
                    return listGeneric(gateway, index + 1, acc);
                })
                .thenCompose(f -> f);
    }

    private static List<ActionArgument> mappingArguments(PortMappingRequest r) {
        return List.of(
                new ActionArgument("NewRemoteHost", r.remoteHost()),
                new ActionArgument("NewExternalPort", Integer.toString(r.externalPort())),
                new ActionArgument("NewProtocol", r.protocol().name()),
                new ActionArgument("NewInternalPort", Integer.toString(r.internalPort())),
                new ActionArgument("NewInternalClient", r.internalClient().getHostAddress()),
                new ActionArgument("NewEnabled", "1"),
                new ActionArgument("NewPortMappingDescription", r.description()),
                new ActionArgument("NewLeaseDuration", Long.toString(r.lease().toSeconds())));
    }

    /** Sends one action to the gateway's connection service and returns its out-arguments by name. */
    CompletableFuture<Map<String, String>> call(Gateway gateway, String action, List<ActionArgument> arguments) {
        CompletableFuture<ActionResponse> answer;
        try {
            answer = soap.invoke(gateway.controlUrl(), new ActionRequest(gateway.serviceType(), action, arguments));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(GatewayException.of(Kind.MALFORMED, e.getMessage(), e));
        }
        return answer.handle((response, e) -> {
            if (e != null) {
                return CompletableFuture.<Map<String, String>>failedFuture(translate(e));
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (ActionArgument a : response.arguments()) {
                out.putIfAbsent(a.name(), a.value());
            }
            return CompletableFuture.completedFuture(out);
        }).thenCompose(f -> f);
    }

    /** SoapClient's typed failures as {@link GatewayException}s. */
    private static GatewayException translate(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        if (t instanceof SoapFaultException f) {
            return GatewayException.fault(f.errorCode(), Text.clip(f.fault().description()));
        }
        if (t instanceof SoapTransportException s) {
            return switch (s.kind()) {
                case TIMEOUT -> GatewayException.of(Kind.TIMEOUT, s.getMessage(), s);
                case HTTP_STATUS -> GatewayException.httpStatus(s.httpStatus().orElse(0), s.getMessage());
                case RESPONSE_TOO_LARGE, MALFORMED_RESPONSE -> GatewayException.of(Kind.MALFORMED, s.getMessage(), s);
                case CONNECT_FAILED, CONNECTION_CLOSED, CLIENT_CLOSED -> GatewayException.of(Kind.IO, s.getMessage(), s);
            };
        }
        return unwrap(t);
    }

    private static GatewayException unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof GatewayException g ? g : GatewayException.of(Kind.IO, String.valueOf(t.getMessage()), t);
    }

    /**
     * Blocking convenience: waits for {@code future} (at most a minute, as every call is bounded by the client's
     * own timeouts) and rethrows its {@link GatewayException}.
     */
    public static <T> T await(CompletableFuture<T> future) throws GatewayException, InterruptedException {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw GatewayException.of(Kind.TIMEOUT, "no result within 60 s");
        }
    }

    /** Stops the client's threads and fails calls still running. Idempotent. */
    @Override
    public void close() {
        discovery.shutdownNow();
        descriptions.failPending();
        soap.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        try {
            discovery.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The per-exchange timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** Builder; every setter checks its value. */
    public static final class Builder {
        private Duration timeout = Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS);
        private int maxDescriptionBytes = DEFAULT_MAX_DESCRIPTION_BYTES;
        private int maxSoapBytes = DEFAULT_MAX_SOAP_BYTES;
        private int maxListEntries = DEFAULT_MAX_LIST_ENTRIES;

        private Builder() {}

        /** Bound of one HTTP exchange (connect, send, whole answer): 100 ms .. 60 s. */
        public Builder timeout(Duration v) {
            if (v.compareTo(Duration.ofMillis(100)) < 0 || v.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException("timeout must be 100 ms .. 60 s");
            }
            this.timeout = v;
            return this;
        }

        /** Largest description body read: 1 KiB .. 1 MiB. */
        public Builder maxDescriptionBytes(int v) {
            this.maxDescriptionBytes = range(v, 1024, 1 << 20, "maxDescriptionBytes");
            return this;
        }

        /** Largest SOAP answer body read: 1 KiB .. 4 MiB. */
        public Builder maxSoapBytes(int v) {
            this.maxSoapBytes = range(v, 1024, 4 << 20, "maxSoapBytes");
            return this;
        }

        /** Most mappings listed: 1 .. 4096. */
        public Builder maxListEntries(int v) {
            this.maxListEntries = range(v, 1, 4096, "maxListEntries");
            return this;
        }

        public GatewayClient build() {
            return new GatewayClient(this);
        }

        private static int range(int v, int min, int max, String name) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be " + min + ".." + max);
            }
            return v;
        }
    }
}
