package org.portcullis.upnp.core.description;

import java.util.Objects;
import org.portcullis.upnp.core.UpnpType;

/**
 * A service of a device, as listed in the device description, with its SCPD.
 *
 * @param serviceType the service type URN
 * @param serviceId   the service id, e.g. {@code urn:upnp-org:serviceId:WANIPConn1}
 * @param scpdUrl     SCPD path (relative to the description URL's origin)
 * @param controlUrl  control path
 * @param eventSubUrl eventing path
 * @param scpd        the service's actions and state variables
 */
public record ServiceDescription(
        UpnpType serviceType, String serviceId, String scpdUrl, String controlUrl, String eventSubUrl, Scpd scpd) {
    public ServiceDescription {
        Objects.requireNonNull(serviceType, "serviceType");
        if (serviceType.kind() != UpnpType.Kind.SERVICE) {
            throw new IllegalArgumentException("not a service type: " + serviceType);
        }
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(scpdUrl, "scpdUrl");
        Objects.requireNonNull(controlUrl, "controlUrl");
        Objects.requireNonNull(eventSubUrl, "eventSubUrl");
        Objects.requireNonNull(scpd, "scpd");
    }
}
