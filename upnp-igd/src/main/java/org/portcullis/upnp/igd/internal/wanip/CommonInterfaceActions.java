package org.portcullis.upnp.igd.internal.wanip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * WANCommonInterfaceConfig:1 read-only actions. Counters come from the WAN interface's kernel statistics
 * ({@code /sys/class/net/<wan>/statistics}) when there is one, masked to ui4 as the service defines them.
 */
public final class CommonInterfaceActions {
    private final Optional<String> wanInterface;
    private final java.util.function.BooleanSupplier linkUp;

    public CommonInterfaceActions(Optional<String> wanInterface, java.util.function.BooleanSupplier linkUp) {
        this.wanInterface = wanInterface;
        this.linkUp = linkUp;
    }

    public Map<String, WorkerActions.Body> bodies() {
        return Map.of(
                "GetCommonLinkProperties", (r, c) -> Args.out(
                        "NewWANAccessType", "Ethernet",
                        "NewLayer1UpstreamMaxBitRate", "1000000000",
                        "NewLayer1DownstreamMaxBitRate", "1000000000",
                        "NewPhysicalLinkStatus", linkUp.getAsBoolean() ? "Up" : "Down"),
                "GetTotalBytesSent", (r, c) -> Args.out("NewTotalBytesSent", counter("tx_bytes")),
                "GetTotalBytesReceived", (r, c) -> Args.out("NewTotalBytesReceived", counter("rx_bytes")),
                "GetTotalPacketsSent", (r, c) -> Args.out("NewTotalPacketsSent", counter("tx_packets")),
                "GetTotalPacketsReceived", (r, c) -> Args.out("NewTotalPacketsReceived", counter("rx_packets")));
    }

    private String counter(String name) {
        if (wanInterface.isEmpty() || !wanInterface.get().matches("[A-Za-z0-9._@-]{1,15}")) {
            return "0";
        }
        Path p = Path.of("/sys/class/net", wanInterface.get(), "statistics", name);
        try {
            String s = Files.readString(p).trim();
            return Long.toString(Long.parseLong(s) & 0xFFFFFFFFL);
        } catch (IOException | NumberFormatException e) {
            return "0";
        }
    }
}
