package org.portcullis.upnp.igd.bench;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
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
import org.openjdk.jmh.infra.Blackhole;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.internal.table.Dialect;
import org.portcullis.upnp.igd.internal.table.MappingRequest;
import org.portcullis.upnp.igd.internal.table.PortMappingTable;
import org.portcullis.upnp.igd.spi.NatBackend;

/**
 * AddPortMapping and DeletePortMapping through the port-mapping table and a NAT backend, with {@code size}
 * mappings already installed, and GetGenericPortMappingEntry over the whole table. With {@code backend=nftables}
 * the benchmark must run as root inside a network namespace (bench/run.sh makes one); {@code memory} is the
 * baseline without a backend cost. The claim to check: the 10,000 row costs what the 1,000 row costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Xshare:off"})
public class MappingTableBenchmark {
    private static final Inet4Address CLIENT = address("192.168.77.2");
    private static final int FREE_PORTS_BASE = 50000;
    private static final int FREE_PORTS = 4000;

    @Param({"1000", "10000"})
    public int size;

    @Param({"nftables", "memory"})
    public String backend;

    private NatBackend nat;
    private PortMappingTable table;
    private int next;
    private PortMapping.Key pending;
    private PortMapping.Key toDelete;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        nat = backend.equals("nftables") ? NatBackend.nftables("pcbench", "benchwan0", false) : NatBackend.inMemory();
        LanInterface lan = new LanInterface("benchlan0", 1, List.of(new LanAddress(address("192.168.77.1"), 24)));
        table = new PortMappingTable(new MappingPolicy(true, false, 20_000, 20_000), new LanPolicy(List.of(lan)),
                nat, Clock.systemUTC(), new DropCounters());
        List<PortMapping> initial = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            initial.add(new PortMapping("", 1024 + i, Protocol.TCP, 1024 + i, CLIENT, true, "bench",
                    Instant.now().plusSeconds(86_400)));
        }
        table.restore(initial); // one nft batch
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        nat.close();
    }

    private MappingRequest request() {
        int port = FREE_PORTS_BASE + (next++ % FREE_PORTS);
        return new MappingRequest("", port, Protocol.UDP, port, "192.168.77.2", true, "bench", 3600);
    }

    /** One AddPortMapping; the mapping is deleted again outside the measurement. */
    @Benchmark
    public PortMapping addPortMapping() throws UpnpException {
        PortMapping m = table.add(request(), CLIENT, Dialect.IGD2);
        pending = m.key();
        return m;
    }

    @TearDown(Level.Invocation)
    public void undoAdd() throws UpnpException {
        if (pending != null) {
            table.delete(pending, CLIENT, Dialect.IGD2);
            pending = null;
        }
    }

    /** Before each deletePortMapping invocation, adds the mapping that it deletes. */
    @Setup(Level.Invocation)
    public void addForDelete(BenchmarkParams params) throws UpnpException {
        if (params.getBenchmark().endsWith(".deletePortMapping")) {
            toDelete = table.add(request(), CLIENT, Dialect.IGD2).key();
        }
    }

    /** One DeletePortMapping of a mapping added outside the measurement. */
    @Benchmark
    public void deletePortMapping() throws UpnpException {
        table.delete(toDelete, CLIENT, Dialect.IGD2);
    }

    /** GetGenericPortMappingEntry for every index 0..size-1 (one operation = the whole table). */
    @Benchmark
    public void genericEntriesOverTheWholeTable(Blackhole bh) throws UpnpException {
        int n = table.size();
        for (int i = 0; i < n; i++) {
            bh.consume(table.atIndex(i));
        }
    }

    private static Inet4Address address(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
