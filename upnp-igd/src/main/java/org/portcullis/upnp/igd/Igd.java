package org.portcullis.upnp.igd;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.portcullis.upnp.core.description.DescriptionWriter;
import org.portcullis.upnp.core.description.DeviceDescription;
import org.portcullis.upnp.core.description.ServiceDescription;
import org.portcullis.upnp.core.http.UpnpHttpHandler;
import org.portcullis.upnp.core.http.UpnpHttpResponse;
import org.portcullis.upnp.core.http.UpnpHttpServer;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.net.LanBindingException;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.InterfaceWatcher;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.gena.EventPublisher;
import org.portcullis.upnp.igd.internal.device.IgdDeviceTree;
import org.portcullis.upnp.igd.internal.device.PresentationPage;
import org.portcullis.upnp.igd.internal.journal.MappingJournal;
import org.portcullis.upnp.igd.internal.pinhole.IpNeighbourCache;
import org.portcullis.upnp.igd.internal.pinhole.PinholeActions;
import org.portcullis.upnp.igd.internal.pinhole.PinholeTable;
import org.portcullis.upnp.igd.internal.pinhole.SameHost;
import org.portcullis.upnp.igd.internal.table.PortMappingTable;
import org.portcullis.upnp.igd.internal.wanip.PortListing;
import org.portcullis.upnp.igd.internal.wanip.CommonInterfaceActions;
import org.portcullis.upnp.igd.internal.wanip.WanIpConnectionActions;
import org.portcullis.upnp.igd.internal.wanip.WorkerActions;
import org.portcullis.upnp.igd.spi.NatBackendException;
import org.portcullis.upnp.soap.SoapControl;
import org.portcullis.upnp.ssdp.AdvertisedDevice;
import org.portcullis.upnp.ssdp.Advertisement;
import org.portcullis.upnp.ssdp.SsdpAdvertiser;
import org.portcullis.upnp.ssdp.SsdpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running UPnP Internet Gateway Device: SSDP discovery, description, SOAP control of WANIPConnection:2 (with an
 * IGD:1 view), WANIPv6FirewallControl:1 (IPv6 pinholes, applied through the same NAT backend and journal as
 * mappings), WANCommonInterfaceConfig:1 and Layer3Forwarding:1, and a presentation page, all on LAN interfaces only.
 *
 * <pre>{@code
 * IgdConfig config = IgdConfig.builder()
 *         .lanInterface(LanInterface.lookup("br-lan"))
 *         .wanInterface("eth0")
 *         .build();
 * try (Igd igd = Igd.start(config)) {
 *     System.out.println(igd.descriptionUrls());
 *     ...
 * }
 * }</pre>
 *
 * <p>Action bodies (table changes and NAT backend calls) run on one worker thread, never on an event loop; leases
 * are swept every second. {@link #close()} sends ssdp:byebye for every advertisement, stops serving and closes the
 * NAT backend. Thread-safe.
 */
public final class Igd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Igd.class);
    private static final String SERVER = "Linux UPnP/1.0 Portcullis/0.1";
    private static final int EXTERNAL_POLL_SECONDS = 3;
    /** Counter: the journal ended in a torn record at start. */
    public static final String JOURNAL_TORN = "igd.journal.torn";

    private final IgdConfig config;
    private final EventLoopGroup group;
    private final ScheduledThreadPoolExecutor worker;
    private final PortMappingTable table;
    private final PinholeTable pinholes; // WANIPv6FirewallControl:1, IGD:2 view only
    private final DropCounters counters;
    private final UpnpHttpServer http;
    private final SsdpAdvertiser ssdp; // null when SSDP is off
    private final IgdDeviceTree tree; // the tree announced: IGD:2 unless the version is V1
    private final IgdDeviceTree tree1; // the IGD:1 view of the same device
    private final MappingJournal journal; // null without a state directory
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InterfaceWatcher watcher; // follows LAN address changes; the WAN is never followed
    private final List<EventPublisher> publishers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Igd(IgdConfig config) throws InterruptedException {
        this.config = config;
        this.counters = new DropCounters();
        this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "portcullis-igd-worker");
            t.setDaemon(true);
            return t;
        });
        worker.setRemoveOnCancelPolicy(true);
        LanPolicy lan = new LanPolicy(config.lanInterfaces());
        MappingJournal.Opened opened = openJournal(config);
        this.journal = opened == null ? null : opened.journal();
        this.table = new PortMappingTable(config.mappingPolicy(), lan, config.natBackend(), config.clock(), counters,
                journal);
        // secure mode: a host's other IPv6 addresses on the same link count as its own (router's neighbour cache)
        this.pinholes = new PinholeTable(config.mappingPolicy(), lan, config.clock(), counters, table::enabled,
                config.natBackend(), journal, new SameHost(new IpNeighbourCache(), counters));
        this.tree1 = IgdDeviceTree.create(config.deviceId(), config.friendlyName(), 1);
        this.tree = config.igdVersion() == IgdVersion.V1 ? tree1
                : IgdDeviceTree.create(config.deviceId(), config.friendlyName(), 2);
        UpnpHttpServer server = null;
        try {
            restore(opened);
            server = startHttp(lan);
            this.http = server;
            try {
                config.natBackend().serving(server.port());
            } catch (NatBackendException e) {
                throw new IgdStateException("NAT backend refused the WAN-side drop of the HTTP port: "
                        + e.getMessage(), e);
            }
            this.ssdp = config.ssdpEnabled()
                    ? SsdpAdvertiser.start(ssdpConfig(), advertisement(server.port()))
                    : null;
        } catch (RuntimeException | InterruptedException e) {
            if (server != null) {
                server.close();
            }
            shutdownExecutors();
            closeJournal();
            throw e;
        }
        worker.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        this.watcher = InterfaceWatcher.start(config.lanInterfaces(), InterfaceWatcher.DEFAULT_PERIOD,
                this::lanChanged);
        table.onChange(() -> worker.execute(this::publishState));
        // The external address supplier has no change callback: poll it for ExternalIPAddress/ConnectionStatus.
        worker.scheduleWithFixedDelay(this::publishState, EXTERNAL_POLL_SECONDS, EXTERNAL_POLL_SECONDS,
                TimeUnit.SECONDS);
        worker.scheduleWithFixedDelay(this::maintainJournal, 10, 10, TimeUnit.SECONDS);
        LOG.info("IGD {} serving on {}", tree.root().udn(), descriptionUrls());
    }

    /** Addressing: HTTP follows the new addresses, then SSDP sends byebye/update, increments BOOTID and re-announces. */
    private void lanChanged(List<LanInterface> lans) {
        try {
            if (!lans.isEmpty()) {
                LanPolicy lan = new LanPolicy(lans);
                table.followLan(lan);
                pinholes.followLan(lan);
            }
            try {
                http.follow(lans);
            } catch (LanBindingException e) {
                // The other addresses are bound; SSDP must still withdraw old addresses and announce the new ones.
                LOG.warn("HTTP: {}", e.getMessage());
            }
            if (ssdp != null) {
                ssdp.update(lans);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("following the LAN change to {} failed: {}", lans, e.toString());
        }
    }

    /**
     * Starts serving.
     *
     * @throws org.portcullis.upnp.core.net.LanBindingException when an interface or address is not LAN
     * @throws InterruptedException when interrupted while binding
     */
    public static Igd start(IgdConfig config) throws InterruptedException {
        return new Igd(config);
    }

    private static MappingJournal.Opened openJournal(IgdConfig config) {
        if (config.stateDirectory().isEmpty()) {
            return null;
        }
        java.nio.file.Path dir = config.stateDirectory().get();
        try {
            return MappingJournal.open(dir);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IgdStateException("state directory " + dir + " cannot be used: " + e, e);
        }
    }

    /** Replays the journal into the table and reconciles the NAT backend with it. */
    private void restore(MappingJournal.Opened opened) {
        if (opened != null && opened.replay().torn()) {
            counters.increment(JOURNAL_TORN);
            LOG.warn("mapping journal {} ended in a torn record ({} bytes cut off after {} good records)",
                    journal.file(), opened.replay().tornBytes(), opened.replay().records());
        }
        try {
            int n = table.restore(opened == null ? List.of() : opened.replay().mappings());
            if (opened != null) {
                LOG.info("restored {} mappings from {}", n, journal.file());
            }
        } catch (NatBackendException e) {
            throw new IgdStateException("NAT backend could not be reconciled with the mapping table: "
                    + e.getMessage(), e);
        }
        List<org.portcullis.upnp.igd.internal.pinhole.Pinhole> journaled =
                opened == null ? List.of() : opened.replay().pinholes();
        if (tree.ipv6Firewall() == null && !journaled.isEmpty()) {
            // IGD:1 only: WANIPv6FirewallControl is not served, so nobody could see or manage these pinholes.
            LOG.warn("IGD:1 only: dropping {} journaled pinholes", journaled.size());
            pinholes.forget(journaled);
            journaled = List.of();
        }
        try {
            int n = pinholes.restore(journaled);
            if (n > 0) {
                LOG.info("restored {} pinholes from {}", n, journal.file());
            }
        } catch (NatBackendException e) {
            throw new IgdStateException("NAT backend could not be reconciled with the pinhole table: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The runtime switch. Off: every UPnP mapping is removed (from backend and journal) and every WANIPConnection
     * action is refused (606 under IGD:2, 501 under IGD:1), so that clients get an explicit answer. SSDP keeps
     * announcing, so that control points see a gateway that refuses rather than one that vanished; stop the IGD to
     * disappear entirely.
     */
    public void setUpnpEnabled(boolean on) {
        try {
            CompletableFuture.runAsync(() -> {
                table.setEnabled(on);
                if (!on) {
                    pinholes.clear();
                }
            }, worker).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not switch UPnP " + (on ? "on" : "off"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether UPnP is switched on. */
    public boolean upnpEnabled() {
        return table.enabled();
    }

    /** The served description: the IGD:1 view for user agents that only accept IGD:1 ({@link IgdVersion}). */
    private IgdDeviceTree treeFor(org.portcullis.upnp.core.http.UpnpHttpRequest request) {
        if (config.igdVersion() != IgdVersion.AUTO) {
            return tree;
        }
        String agent = request.header("User-Agent").orElse("").toLowerCase(java.util.Locale.ROOT);
        return agent.contains("microsoft") || agent.contains("fdssdp") ? tree1 : tree;
    }

    private UpnpHttpHandler byAgent(UpnpHttpResponse forV1, UpnpHttpResponse forTree) {
        return request -> CompletableFuture.completedFuture(
                !request.method().equals("GET") && !request.method().equals("HEAD") ? UpnpHttpResponse.status(405)
                        : treeFor(request) == tree1 ? forV1 : forTree);
    }

    private UpnpHttpServer startHttp(LanPolicy lan) throws InterruptedException {
        DescriptionWriter writer = DescriptionWriter.uda10();
        UpnpHttpServer.Builder b = UpnpHttpServer.builder()
                .lanPolicy(lan)
                .ipv6(true)
                .port(config.httpPort())
                .limits(config.httpLimits())
                .serverHeader(SERVER)
                .eventLoopGroup(group)
                .counters(counters);
        b.route(IgdDeviceTree.DESCRIPTION_PATH, byAgent(xml(writer.deviceDescription(tree1.root())),
                xml(writer.deviceDescription(tree.root()))));
        WorkerActions actions = new WorkerActions(worker);
        Map<ServiceDescription, Map<String, WorkerActions.Body>> services = new java.util.LinkedHashMap<>(Map.of(
                tree.wanIp(), new WanIpConnectionActions(table, config.externalAddress()).bodies(),
                tree.commonIfc(), new CommonInterfaceActions(config.wanInterface(),
                        () -> config.externalAddress().get().isPresent()).bodies(),
                tree.l3f(), Map.of("GetDefaultConnectionService", (r, c) -> List.of(
                        new org.portcullis.upnp.soap.ActionArgument("NewDefaultConnectionService",
                                tree.defaultConnectionService())))));
        if (tree.ipv6Firewall() != null) {
            services.put(tree.ipv6Firewall(), new PinholeActions(pinholes).bodies());
        }
        services.forEach((service, bodies) -> {
            if (service == tree.wanIp()) {
                b.route(service.scpdUrl(), byAgent(xml(writer.scpd(tree1.wanIp().scpd())),
                        xml(writer.scpd(service.scpd()))));
            } else {
                b.route(service.scpdUrl(), get(xml(writer.scpd(service.scpd()))));
            }
            SoapControl.Builder control = SoapControl.builder(service)
                    // QueryStateVariable (Windows XP asks for ConnectionStatus): the evented values, 404 otherwise
                    .stateVariables(name -> java.util.Optional.ofNullable(eventedState(service).get(name)));
            if (service == tree.ipv6Firewall()) {
                control.faultDescriptions(PinholeActions.FAULT_TEXTS);
            }
            bodies.forEach((name, body) -> {
                if (service.scpd().actions().stream().anyMatch(a -> a.name().equals(name))) {
                    control.handler(name, actions.handler(body));
                }
            });
            b.route(service.controlUrl(), service == tree.wanIp() ? PortListing.asCdata(control.build())
                    : control.build());
            if (service.scpd().stateVariables().stream().anyMatch(v -> v.sendEvents())) {
                EventPublisher publisher = EventPublisher.builder(service)
                        .config(config.genaConfig())
                        .lanPolicy(lan)
                        .eventLoopGroup(group)
                        .counters(counters)
                        .initialValues(() -> eventedState(service))
                        .build();
                publishers.add(publisher);
                b.route(service.eventSubUrl(), publisher.subscriptionHandler());
            }
        });
        b.route(IgdDeviceTree.PRESENTATION_PATH, request -> {
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                return CompletableFuture.completedFuture(UpnpHttpResponse.status(405));
            }
            return CompletableFuture.supplyAsync(() -> UpnpHttpResponse.text(200, "text/html; charset=utf-8",
                    PresentationPage.render(config.friendlyName(), externalAddressText(), table.size())), worker);
        });
        return b.start();
    }

    /** Current values of the evented variables of {@code service} that the IGD knows. */
    private Map<String, String> eventedState(ServiceDescription service) {
        boolean up = config.externalAddress().get().isPresent();
        Map<String, String> all = new java.util.HashMap<>();
        all.put("ConnectionStatus", up ? "Connected" : "Disconnected");
        all.put("PossibleConnectionTypes", "IP_Routed");
        all.put("ExternalIPAddress", externalAddressText());
        all.put("PortMappingNumberOfEntries", Integer.toString(table.size()));
        all.put("PhysicalLinkStatus", up ? "Up" : "Down");
        all.put("DefaultConnectionService", tree.defaultConnectionService());
        all.put("SystemUpdateID", Long.toString(table.systemUpdateId() & 0xFFFFFFFFL));
        all.put("FirewallEnabled", "1");
        all.put("InboundPinholeAllowed", pinholes.inboundAllowed() ? "1" : "0");
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (var v : service.scpd().stateVariables()) {
            if (v.sendEvents() && all.containsKey(v.name())) {
                out.put(v.name(), all.get(v.name()));
            }
        }
        return out;
    }

    /** Publishes the current evented state; publishers send only what changed. Runs on the worker. */
    private void publishState() {
        try {
            for (EventPublisher p : publishers) {
                p.publish(eventedState(p.service()));
            }
        } catch (RuntimeException e) {
            LOG.warn("publishing evented state failed", e);
        }
    }

    private static UpnpHttpResponse xml(String document) {
        return UpnpHttpResponse.text(200, UpnpHttpResponse.TEXT_XML, document);
    }

    private static UpnpHttpHandler get(UpnpHttpResponse response) {
        return request -> CompletableFuture.completedFuture(
                request.method().equals("GET") || request.method().equals("HEAD")
                        ? response
                        : UpnpHttpResponse.status(405));
    }

    private SsdpConfig ssdpConfig() {
        return SsdpConfig.builder()
                .interfaces(config.lanInterfaces())
                .port(config.ssdpPort())
                .maxAgeSeconds(config.ssdpMaxAgeSeconds())
                .ipv6SiteLocal(config.ssdpSiteLocal())
                .eventLoopGroup(group)
                .build();
    }

    private Advertisement advertisement(int httpPort) {
        List<AdvertisedDevice> devices = new ArrayList<>();
        for (DeviceDescription d : tree.root().allDevices()) {
            devices.add(new AdvertisedDevice(d.udn(), d.deviceType(),
                    d.services().stream().map(ServiceDescription::serviceType).distinct().toList()));
        }
        return new Advertisement(devices, IgdDeviceTree.DESCRIPTION_PATH, httpPort);
    }

    private void sweep() {
        try {
            table.expire();
            pinholes.expire();
            if (journal != null && table.size() == 0 && pinholes.size() == 0) {
                maintainJournal();
            }
        } catch (RuntimeException e) {
            LOG.warn("lease sweep failed", e);
        }
    }

    /** Compacts the journal (mappings and pinholes) when it has grown well beyond them; runs on the worker. */
    private void maintainJournal() {
        table.maintainJournal(pinholes.snapshot());
    }

    private String externalAddressText() {
        return config.externalAddress().get().map(InetAddress::getHostAddress).orElse("");
    }

    /** The description URL on each served LAN IPv4 address. */
    public List<URI> descriptionUrls() {
        List<URI> out = new ArrayList<>();
        for (InetAddress a : http.boundAddresses()) {
            if (a instanceof Inet4Address) {
                out.add(URI.create("http://" + a.getHostAddress() + ':' + http.port()
                        + IgdDeviceTree.DESCRIPTION_PATH));
            }
        }
        return out;
    }

    /** The HTTP port. */
    public int httpPort() {
        return http.port();
    }

    /** The current mappings, in table order. */
    public List<PortMapping> mappings() {
        return table.snapshot();
    }

    /** Counters of dropped and refused input, for status output and tests. */
    public Map<String, Long> counters() {
        Map<String, Long> all = new java.util.TreeMap<>(counters.snapshot());
        if (ssdp != null) {
            all.putAll(ssdp.counters().snapshot());
        }
        return all;
    }

    /** The LAN interfaces served. */
    public List<LanInterface> lanInterfaces() {
        return config.lanInterfaces();
    }

    /** Sends ssdp:byebye, stops serving and closes the NAT backend; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        watcher.close();
        try {
            if (ssdp != null) {
                ssdp.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("SSDP shutdown failed", e);
        }
        publishers.forEach(EventPublisher::close);
        http.close();
        shutdownExecutors();
        closeJournal();
        try {
            config.natBackend().close();
        } catch (NatBackendException | RuntimeException e) {
            LOG.warn("NAT backend close failed", e);
        }
        LOG.info("IGD {} stopped", tree.root().udn());
    }

    private void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (java.io.IOException e) {
                LOG.warn("mapping journal close failed", e);
            }
        }
    }

    private void shutdownExecutors() {
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
