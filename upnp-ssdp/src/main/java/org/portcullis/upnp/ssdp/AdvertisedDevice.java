package org.portcullis.upnp.ssdp;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;

/**
 * One device of an advertised tree: its UDN, its device type and the service types it holds, each at the highest
 * version implemented (announcements carry that version; searches for lower versions are answered too, UDA 1.1
 * §1.3.2).
 *
 * @param udn          the device's UDN
 * @param deviceType   a {@link UpnpType.Kind#DEVICE device} type
 * @param serviceTypes distinct {@link UpnpType.Kind#SERVICE service} types; duplicates are removed, order kept
 */
public record AdvertisedDevice(Udn udn, UpnpType deviceType, List<UpnpType> serviceTypes) {
    public AdvertisedDevice {
        Objects.requireNonNull(udn, "udn");
        Objects.requireNonNull(deviceType, "deviceType");
        if (deviceType.kind() != UpnpType.Kind.DEVICE) {
            throw new IllegalArgumentException("not a device type: " + deviceType);
        }
        serviceTypes = List.copyOf(new LinkedHashSet<>(serviceTypes));
        for (UpnpType s : serviceTypes) {
            if (s.kind() != UpnpType.Kind.SERVICE) {
                throw new IllegalArgumentException("not a service type: " + s);
            }
        }
    }
}
