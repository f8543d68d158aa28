package org.portcullis.upnp.igd.internal.pinhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.portcullis.upnp.igd.internal.pinhole.FakeNeighbourCache.v6;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.portcullis.upnp.igd.internal.pinhole.NeighbourCache.NeighbourLookupException;

/** Parsing of {@code ip -6 neigh show dev DEV} (iproute2 6.1 output) and the bounds of running it. */
class IpNeighbourCacheTest {
    static final String OUTPUT = """
            fe80::5c1b:4ff:fe2b:2c3d lladdr 5e:1b:04:2b:2c:3d router REACHABLE
            2001:db8:77::2 lladdr 5E:1B:04:2B:2C:3D STALE
            2001:db8:77::3 lladdr 02:00:00:00:00:03 DELAY
            2001:db8:77::4 lladdr 02:00:00:00:00:04 PROBE
            fd77::5 lladdr 02:00:00:00:00:05 PERMANENT
            2001:db8:77::6 INCOMPLETE
            2001:db8:77::7 FAILED
            2001:db8:77::8 lladdr 02:00:00:00:00:08 NOARP
            2001:db8:77::9 lladdr 00:00:00:00:00:00 REACHABLE
            2001:db8:77::a lladdr 02:00:00:00:00:0a
            example.org lladdr 02:00:00:00:00:0b REACHABLE
            """;

    @TempDir
    Path dir;

    @Test
    void usableStatesWithALinkLayerAddressAreKept() {
        Map<java.net.Inet6Address, String> m = new java.util.HashMap<>();
        OUTPUT.lines().forEach(l -> IpNeighbourCache.parse(l).ifPresent(e -> m.put(e.address(), e.linkLayer())));
        assertThat(m).containsOnly(Map.entry(v6("fe80::5c1b:4ff:fe2b:2c3d"), "5e:1b:04:2b:2c:3d"),
                Map.entry(v6("2001:db8:77::2"), "5e:1b:04:2b:2c:3d"), Map.entry(v6("2001:db8:77::3"),
                        "02:00:00:00:00:03"), Map.entry(v6("2001:db8:77::4"), "02:00:00:00:00:04"),
                Map.entry(v6("fd77::5"), "02:00:00:00:00:05"));
    }

    private IpNeighbourCache script(String body) throws Exception {
        Path ip = dir.resolve("ip");
        Files.writeString(ip, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(ip, PosixFilePermissions.fromString("rwx------"));
        return new IpNeighbourCache(ip.toString());
    }

    @Test
    void runsIpWithTheDeviceAndReadsItsOutput() throws Exception {
        Files.writeString(dir.resolve("out"), OUTPUT);
        IpNeighbourCache c = script("[ \"$*\" = \"-6 neigh show dev rlan0\" ] || exit 3\ncat " + dir.resolve("out"));
        assertThat(c.usable("rlan0")).hasSize(5).containsEntry(v6("2001:db8:77::2"), "5e:1b:04:2b:2c:3d");
        assertThatThrownBy(() -> c.usable("rlan1")).isExactlyInstanceOf(NeighbourLookupException.class)
                .hasMessageContaining("exited with 3");
    }

    @Test
    void aMissingBinaryAHangAndABadDeviceNameAreLookupFailures() throws Exception {
        assertThatThrownBy(() -> new IpNeighbourCache(dir.resolve("missing").toString()).usable("rlan0"))
                .isExactlyInstanceOf(NeighbourLookupException.class);
        IpNeighbourCache hangs = script("exec sleep 30");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> hangs.usable("rlan0")).isExactlyInstanceOf(NeighbourLookupException.class)
                .hasMessageContaining("did not finish");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
        assertThatThrownBy(() -> hangs.usable("rlan0; reboot")).isExactlyInstanceOf(NeighbourLookupException.class);
    }
}
