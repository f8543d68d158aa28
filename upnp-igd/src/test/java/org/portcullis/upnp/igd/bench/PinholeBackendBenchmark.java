package org.portcullis.upnp.igd.bench;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.portcullis.upnp.igd.PinholeRule;
import org.portcullis.upnp.igd.spi.NatBackend;

/**
 * Installing and removing one IPv6 pinhole through a NAT backend with {@code size} pinholes already installed (of
 * every wildcard shape, so each of the backend's sets is populated). With {@code backend=nftables} it must run as
 * root inside a network namespace (bench/run.sh makes one); {@code memory} is the baseline without a firewall cost.
 * The claim to check: the 10,000 row costs what the 1,000 row costs (pinholes are set elements, not rules).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Xshare:off"})
public class PinholeBackendBenchmark {
    private static final int FIRST_FREE_ID = 60_000;

    @Param({"1000", "10000"})
    public int size;

    @Param({"nftables", "memory"})
    public String backend;

    private NatBackend nat;
    private int next;
    private PinholeRule pending;
    private PinholeRule toRemove;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        nat = backend.equals("nftables") ? NatBackend.nftables("pcbench", "benchwan0", false, true)
                : NatBackend.inMemory();
        List<PinholeRule> initial = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            // four shapes: remote host and/or remote port given or wildcarded
            String remote = i % 2 == 0 ? "2001:db8:1::" + Integer.toHexString(i) : PinholeRule.ANY_HOST;
            int remotePort = i % 4 < 2 ? 1024 + i % 5000 : PinholeRule.ANY_PORT;
            initial.add(new PinholeRule(i, remote, remotePort, client(i), 1024 + i % 60000,
                    i % 3 == 0 ? PinholeRule.UDP : PinholeRule.TCP));
        }
        nat.reconcilePinholes(initial); // one nft batch
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        nat.close();
    }

    private PinholeRule rule() {
        int n = next++ % 4000;
        return new PinholeRule(FIRST_FREE_ID + n, "2001:db8:2::" + Integer.toHexString(n + 1), 0,
                client(20_000 + n), 443, PinholeRule.TCP);
    }

    /** One pinhole installed; it is removed again outside the measurement. */
    @Benchmark
    public PinholeRule addPinhole() throws Exception {
        PinholeRule r = rule();
        nat.addPinhole(r);
        pending = r;
        return r;
    }

    @TearDown(Level.Invocation)
    public void undoAdd() throws Exception {
        if (pending != null) {
            nat.removePinhole(pending);
            pending = null;
        }
    }

    /** Before each removePinhole invocation, installs the pinhole that it removes. */
    @Setup(Level.Invocation)
    public void addForRemove(BenchmarkParams params) throws Exception {
        if (params.getBenchmark().endsWith(".removePinhole")) {
            toRemove = rule();
            nat.addPinhole(toRemove);
        }
    }

    /** One pinhole removed (installed outside the measurement). */
    @Benchmark
    public void removePinhole() throws Exception {
        nat.removePinhole(toRemove);
    }

    private static Inet6Address client(int i) {
        try {
            return (Inet6Address) InetAddress.getByName("fd77::" + Integer.toHexString(i & 0xffff) + ":1");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
