package org.portcullis.upnp.ssdp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portcullis.upnp.ssdp.internal.Fixtures.CONN;
import static org.portcullis.upnp.ssdp.internal.Fixtures.IGD2;
import static org.portcullis.upnp.ssdp.internal.Fixtures.ROOT;
import static org.portcullis.upnp.ssdp.internal.Fixtures.WAN;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationSetTest {
    private final NotificationSet set = new NotificationSet(IGD2);

    @Test
    void allIsThreePlusTwoDPlusK() {
        // d = 2 embedded devices, k = 3 service types (the duplicate WANIPConnection collapses)
        assertThat(set.all()).hasSize(3 + 2 * 2 + 3);
        assertThat(set.all().get(0)).isEqualTo(new Notification("upnp:rootdevice", ROOT + "::upnp:rootdevice"));
        assertThat(set.all()).contains(
                new Notification(ROOT.toString(), ROOT.toString()),
                new Notification("urn:schemas-upnp-org:device:InternetGatewayDevice:2",
                        ROOT + "::urn:schemas-upnp-org:device:InternetGatewayDevice:2"),
                new Notification(WAN.toString(), WAN.toString()),
                new Notification("urn:schemas-upnp-org:service:WANIPConnection:2",
                        CONN + "::urn:schemas-upnp-org:service:WANIPConnection:2"));
    }

    @Test
    void ssdpAllAndRootDevice() {
        assertThat(set.match("ssdp:all")).isEqualTo(set.all());
        assertThat(set.match("upnp:rootdevice")).containsExactly(
                new Notification("upnp:rootdevice", ROOT + "::upnp:rootdevice"));
    }

    @Test
    void uuidMatchesRootAndEmbedded() {
        assertThat(set.match(WAN.toString())).containsExactly(new Notification(WAN.toString(), WAN.toString()));
        assertThat(set.match(WAN.toString().toUpperCase().replace("UUID:", "uuid:")))
                .containsExactly(new Notification(WAN.toString(), WAN.toString()));
        assertThat(set.match("uuid:11111111-2222-3333-4444-000000000000")).isEmpty();
    }

    @Test
    void lowerVersionIsAnsweredWithTheRequestedVersion() {
        assertThat(set.match("urn:schemas-upnp-org:device:InternetGatewayDevice:1")).containsExactly(
                new Notification("urn:schemas-upnp-org:device:InternetGatewayDevice:1",
                        ROOT + "::urn:schemas-upnp-org:device:InternetGatewayDevice:1"));
        assertThat(set.match("urn:schemas-upnp-org:service:WANIPConnection:1")).containsExactly(
                new Notification("urn:schemas-upnp-org:service:WANIPConnection:1",
                        CONN + "::urn:schemas-upnp-org:service:WANIPConnection:1"));
        assertThat(set.match("urn:schemas-upnp-org:service:WANIPConnection:2")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "urn:schemas-upnp-org:device:InternetGatewayDevice:3",
        "urn:schemas-upnp-org:service:WANIPConnection:3",
        "urn:schemas-upnp-org:service:WANPPPConnection:1",
        "urn:schemas-upnp-org:device:WANIPConnection:1",
        "urn:schemas-upnp-org:service:wanipconnection:1",
        "urn:example-com:service:WANIPConnection:1",
        "urn:schemas-upnp-org:service:WANIPConnection:0",
        "urn:schemas-upnp-org:service:WANIPConnection:x",
        "urn:schemas-upnp-org:service:WANIPConnection",
        "urn:schemas-upnp-org:service:WANIPConnection:1:extra",
        "uuid:not-a-uuid",
        "ssdp:ALL",
        "upnp:RootDevice",
        "",
        "*",
    })
    void unknownTargetsGetNothing(String st) {
        assertThat(set.match(st)).isEmpty();
    }

    @Test
    void vendorTypesMatchTheirDomain() {
        NotificationSet vendor = new NotificationSet(new org.portcullis.upnp.ssdp.Advertisement(List.of(
                new org.portcullis.upnp.ssdp.AdvertisedDevice(ROOT,
                        new org.portcullis.upnp.core.UpnpType("example-com",
                                org.portcullis.upnp.core.UpnpType.Kind.DEVICE, "Box", 3), List.of())),
                "/d.xml", 80));
        assertThat(vendor.match("urn:example-com:device:Box:2")).containsExactly(
                new Notification("urn:example-com:device:Box:2", ROOT + "::urn:example-com:device:Box:2"));
        assertThat(vendor.all()).hasSize(3);
    }
}
