package org.portcullis.upnp.ssdp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.ssdp.AdvertisedDevice;
import org.portcullis.upnp.ssdp.Advertisement;
import org.portcullis.upnp.ssdp.codec.SsdpEncoder;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * The exact announcement set of the IGD:1 device tree, built the way {@code Igd} builds its advertisement (root
 * InternetGatewayDevice:1 with Layer3Forwarding:1, WANDevice:1 with WANCommonInterfaceConfig:1, WANConnectionDevice:1
 * with WANIPConnection:1; UDNs derived from the device id), against golden files: 3 + 2*2 + 3 = 10 datagrams per
 * kind. Regenerate with {@code -Dgolden.write=true} after an intended change and review the diff.
 */
class IgdAnnouncementGoldenTest {
    private static final String ID = "golden";
    static final Advertisement IGD1 = new Advertisement(List.of(
            new AdvertisedDevice(Udn.derived(ID + "/InternetGatewayDevice"),
                    UpnpType.device("InternetGatewayDevice", 1), List.of(UpnpType.service("Layer3Forwarding", 1))),
            new AdvertisedDevice(Udn.derived(ID + "/WANDevice"), UpnpType.device("WANDevice", 1),
                    List.of(UpnpType.service("WANCommonInterfaceConfig", 1))),
            new AdvertisedDevice(Udn.derived(ID + "/WANConnectionDevice"), UpnpType.device("WANConnectionDevice", 1),
                    List.of(UpnpType.service("WANIPConnection", 1)))),
            "/rootDesc.xml", 49152);
    private static final SsdpMessages V4 = new SsdpMessages("239.255.255.250:1900",
            "http://192.168.77.1:49152/rootDesc.xml", "Linux/5 UPnP/1.0 Portcullis/0.1", 1800, 1764230400, 1);
    private static final SsdpMessages V6_SEARCHPORT = new SsdpMessages("[ff02::c]:1900",
            "http://[fd77::1]:49152/rootDesc.xml", "Linux/5 UPnP/1.0 Portcullis/0.1", 1800, 7, 1, 50000);
    private final NotificationSet set = new NotificationSet(IGD1);

    @Test
    void setHasTenNotifications() {
        assertThat(set.all()).hasSize(10);
    }

    @Test
    void aliveSet() throws IOException {
        golden("igd1-alive.txt", V4::alive);
    }

    @Test
    void byebyeSet() throws IOException {
        golden("igd1-byebye.txt", V4::byebye);
    }

    @Test
    void updateSet() throws IOException {
        golden("igd1-update.txt", n -> V4.update(n, 1764230401));
    }

    @Test
    void searchAllResponses() throws IOException {
        ZonedDateTime t = ZonedDateTime.of(2026, 11, 27, 9, 0, 0, 0, ZoneOffset.UTC);
        golden("igd1-responses.txt", n -> V4.response(n, t));
    }

    @Test
    void ipv6AliveWithSearchPort() throws IOException {
        golden("igd1-alive-ipv6-searchport.txt", V6_SEARCHPORT::alive);
    }

    private void golden(String name, Function<Notification, SsdpMessage> make) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Notification n : set.all()) {
            sb.append(new String(SsdpEncoder.encode(make.apply(n)), StandardCharsets.UTF_8));
        }
        String actual = sb.toString();
        if (Boolean.getBoolean("golden.write")) {
            Path p = Path.of("src/test/resources/org/portcullis/upnp/ssdp/internal/golden", name);
            Files.writeString(p, actual, StandardCharsets.UTF_8);
        }
        try (InputStream in = getClass().getResourceAsStream("golden/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
