package org.portcullis.upnp.ssdp.internal;

import java.util.List;
import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.ssdp.AdvertisedDevice;
import org.portcullis.upnp.ssdp.Advertisement;

/** An IGD:2 tree as upnp-igd advertises it: root, WANDevice, WANConnectionDevice. */
final class Fixtures {
    static final Udn ROOT = Udn.parse("uuid:11111111-2222-3333-4444-555555555555");
    static final Udn WAN = Udn.parse("uuid:11111111-2222-3333-4444-666666666666");
    static final Udn CONN = Udn.parse("uuid:11111111-2222-3333-4444-777777777777");

    static final Advertisement IGD2 = new Advertisement(List.of(
            new AdvertisedDevice(ROOT, UpnpType.device("InternetGatewayDevice", 2),
                    List.of(UpnpType.service("Layer3Forwarding", 1))),
            new AdvertisedDevice(WAN, UpnpType.device("WANDevice", 2),
                    List.of(UpnpType.service("WANCommonInterfaceConfig", 1))),
            new AdvertisedDevice(CONN, UpnpType.device("WANConnectionDevice", 2),
                    List.of(UpnpType.service("WANIPConnection", 2), UpnpType.service("WANIPConnection", 2)))),
            "/rootDesc.xml", 5000);

    private Fixtures() {}
}
