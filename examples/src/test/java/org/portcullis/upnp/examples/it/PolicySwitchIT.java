package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;

/**
 * The daemon's runtime switch ({@code --off-file}) with real {@code upnpc} on loopback (demo mode, no SSDP): while
 * the file exists mappings are gone and AddPortMapping fails with 606; removing it switches UPnP back on.
 */
@Tag("peer")
@Timeout(90)
class PolicySwitchIT {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(20);

    @Test
    void offFileSwitchesUpnpOffAndOn() throws Exception {
        Prerequisites.requireExecutable("upnpc");
        Path dir = Files.createTempDirectory("portcullis-switch");
        Path off = dir.resolve("upnp-off");
        Processes.Background daemon = Processes.start(DaemonProcess.command("--demo", "--off-file", off.toString()));
        try {
            URI url = DaemonProcess.awaitReady(daemon, "127.0.0.1:");
            assertThat(upnpc(url, "-a", "127.0.0.1", "8080", "18080", "TCP").out())
                    .contains("is redirected to internal");
            Files.writeString(off, "");
            Thread.sleep(2500);
            Processes.Result refused = upnpc(url, "-a", "127.0.0.1", "8081", "18081", "TCP");
            assertThat(refused.out()).as(refused.toString()).contains("failed with code 606");
            assertThat(upnpc(url, "-l").out()).doesNotContain("18080->").doesNotContain("18081->");
            Files.delete(off);
            Thread.sleep(2500);
            assertThat(upnpc(url, "-a", "127.0.0.1", "8081", "18081", "TCP").out())
                    .contains("is redirected to internal");
        } finally {
            daemon.destroy(Duration.ofSeconds(10));
            Files.deleteIfExists(off);
            Files.deleteIfExists(dir);
        }
    }

    private static Processes.Result upnpc(URI url, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "upnpc";
        cmd[1] = "-u";
        cmd[2] = url.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        return Processes.run(PEER_TIMEOUT, cmd);
    }
}
