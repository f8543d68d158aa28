package org.portcullis.upnp.examples.daemon;

import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanBindingException;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.igd.Igd;
import org.portcullis.upnp.igd.IgdConfig;
import org.portcullis.upnp.igd.IgdStateException;
import org.portcullis.upnp.igd.IgdVersion;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.PermissionRule;
import org.portcullis.upnp.igd.spi.NatBackend;
import org.portcullis.upnp.igd.spi.NatBackendException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example IGD daemon. With {@code --lan}/{@code --wan} it serves a real LAN; without flags it runs a demo on
 * loopback (no SSDP, in-memory NAT) that works on any machine. Prints {@code READY description=<url>} once serving.
 */
public final class IgdDaemon {
    private static final Logger LOG = LoggerFactory.getLogger(IgdDaemon.class);
    /** Demo external address: TEST-NET-1 (RFC 5737), reserved for documentation, never routed. */
    static final String DEMO_EXTERNAL_ADDRESS = "192.0.2.1";

    private IgdDaemon() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, true);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the daemon until stopped.
     *
     * @param block false returns right after start-up (tests), leaving nothing running
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err, boolean block) {
        DaemonOptions options;
        try {
            options = DaemonOptions.parse(args);
        } catch (DaemonOptions.UsageException e) {
            err.println("portcullis-igd: " + e.getMessage());
            err.println("Try --help.");
            return 2;
        }
        if (options.help()) {
            out.print(DaemonOptions.USAGE);
            return 0;
        }
        IgdConfig config;
        try {
            config = configure(options);
        } catch (LanBindingException | IllegalArgumentException e) {
            err.println("portcullis-igd: " + e.getMessage());
            return 2;
        } catch (NatBackendException e) {
            err.println("portcullis-igd: cannot set up the NAT backend: " + e.getMessage());
            return 1;
        }
        // Handlers go in before READY is printed: a supervisor may send SIGTERM the moment it reads READY.
        StopSignal stop = block ? StopSignal.install() : null;
        Igd igd;
        try {
            igd = Igd.start(config);
        } catch (LanBindingException e) {
            err.println("portcullis-igd: " + e.getMessage());
            closeBackend(config);
            return 2;
        } catch (IgdStateException e) {
            err.println("portcullis-igd: " + e.getMessage());
            closeBackend(config);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeBackend(config);
            return 1;
        } catch (RuntimeException e) {
            err.println("portcullis-igd: cannot start: " + e);
            LOG.debug("start-up failure", e);
            closeBackend(config);
            return 1;
        }
        for (URI url : igd.descriptionUrls()) {
            out.println("READY description=" + url);
        }
        if (options.demo()) {
            URI url = igd.descriptionUrls().get(0);
            out.println("Demo mode: loopback only, no SSDP, in-memory NAT, external address "
                    + DEMO_EXTERNAL_ADDRESS + ".");
            out.println("Try it with miniupnpc (Debian package miniupnpc):");
            out.println("  upnpc -u " + url + " -s");
            out.println("  upnpc -u " + url + " -a 127.0.0.1 8080 18080 TCP");
            out.println("  upnpc -u " + url + " -l");
            out.println("  upnpc -u " + url + " -d 18080 TCP");
            out.println("Presentation page: http://" + url.getHost() + ':' + url.getPort() + "/");
            out.println("Stop with Ctrl-C.");
        }
        options.offFile().ifPresent(file -> watchOffFile(igd, file));
        out.flush();
        if (!block) {
            igd.close();
            return 0;
        }
        stop.await(igd);
        return 0;
    }

    /** The runtime switch: UPnP is off while {@code file} exists; polled every second on a daemon thread. */
    private static void watchOffFile(Igd igd, java.nio.file.Path file) {
        java.util.concurrent.ScheduledExecutorService poll = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "portcullis-off-file");
                    t.setDaemon(true);
                    return t;
                });
        Runnable check = () -> {
            boolean on = !java.nio.file.Files.exists(file);
            if (on != igd.upnpEnabled()) {
                try {
                    igd.setUpnpEnabled(on);
                } catch (IllegalStateException e) {
                    LOG.warn("could not switch UPnP {}: {}", on ? "on" : "off", e.getMessage());
                }
            }
        };
        check.run();
        poll.scheduleWithFixedDelay(check, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static void closeBackend(IgdConfig config) {
        try {
            config.natBackend().close();
        } catch (NatBackendException e) {
            LOG.warn("NAT backend close failed: {}", e.getMessage());
        }
    }

    static IgdConfig configure(DaemonOptions options) throws NatBackendException {
        IgdConfig.Builder b = IgdConfig.builder();
        options.friendlyName().ifPresent(b::friendlyName);
        b.httpPort(options.httpPort());
        b.ssdpSiteLocal(options.ssdpSiteLocal());
        b.igdVersion(switch (options.igdVersion()) {
            case "1" -> IgdVersion.V1;
            case "2" -> IgdVersion.V2;
            default -> IgdVersion.AUTO;
        });
        options.stateDir().ifPresent(b::stateDirectory);
        MappingPolicy secure = MappingPolicy.secure();
        int max = options.maxMappings().orElse(MappingPolicy.DEFAULT_MAX_MAPPINGS);
        int perClient = Math.min(max, options.maxPerClient().orElse(MappingPolicy.DEFAULT_MAX_PER_CLIENT));
        b.mappingPolicy(new MappingPolicy(secure.secureMode(), secure.allowPrivilegedPorts(), perClient, max,
                options.rules().stream().map(PermissionRule::parse).toList()));
        if (options.demo()) {
            b.lanInterface(loopback());
            b.ssdpEnabled(false);
            Inet4Address demo = (Inet4Address) literal(DEMO_EXTERNAL_ADDRESS);
            b.externalAddress(() -> Optional.of(demo));
            return b.build();
        }
        options.wanInterface().ifPresent(wan -> {
            try {
                if (NetworkInterface.getByName(wan) == null) {
                    throw new LanBindingException("no such WAN interface: " + wan);
                }
            } catch (SocketException e) {
                throw new LanBindingException("cannot read interface " + wan + ": " + e.getMessage());
            }
            b.wanInterface(wan);
        });
        for (String name : options.lanInterfaces()) {
            b.lanInterface(LanInterface.lookup(name));
        }
        if (options.nat().equals("nftables")) {
            b.natBackend(NatBackend.nftables("portcullis", options.wanInterface().orElseThrow(), true,
                    options.ipv6Firewall()));
        }
        return b.build();
    }

    private static LanInterface loopback() {
        InetAddress lo = InetAddress.getLoopbackAddress();
        String name = "lo";
        try {
            NetworkInterface nif = NetworkInterface.getByInetAddress(lo);
            if (nif != null) {
                name = nif.getName();
            }
        } catch (SocketException e) {
            LOG.debug("cannot name the loopback interface", e);
        }
        return new LanInterface(name, 0, List.of(new LanAddress(lo, 8)));
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByAddress(text, toBytes(text));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] toBytes(String dotted) {
        String[] p = dotted.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(p[i]);
        }
        return b;
    }

    /** SIGTERM and SIGINT handlers, installed before start-up so that no signal is missed. */
    private static final class StopSignal {
        private final CountDownLatch latch = new CountDownLatch(1);
        private final AtomicReference<String> why = new AtomicReference<>("shutdown");

        static StopSignal install() {
            StopSignal stop = new StopSignal();
            for (String sig : new String[] {"TERM", "INT"}) {
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> {
                        stop.why.set("SIG" + s.getName());
                        stop.latch.countDown();
                    });
                } catch (IllegalArgumentException e) {
                    LOG.debug("cannot handle SIG{}", sig);
                }
            }
            return stop;
        }

        /** Blocks until a signal, then sends byebye (via {@link Igd#close()}) and returns. */
        void await(Igd igd) {
            Thread hook = new Thread(igd::close, "portcullis-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("stopping on {}", why.get());
            igd.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }
}
