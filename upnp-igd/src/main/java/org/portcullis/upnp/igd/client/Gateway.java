package org.portcullis.upnp.igd.client;

import java.net.URI;
import java.util.Objects;
import org.portcullis.upnp.core.UpnpType;

/**
 * A gateway found by discovery or read from a description URL, with the connection service the client uses.
 *
 * @param location       the description URL
 * @param server         the SSDP {@code SERVER} header, or the HTTP {@code Server} header of the description, or
 *                       empty
 * @param friendlyName   the root device's friendlyName, or empty
 * @param manufacturer   the root device's manufacturer, or empty
 * @param modelName      the root device's modelName, or empty
 * @param modelNumber    the root device's modelNumber, or empty
 * @param serviceType    the chosen connection service: WANIPConnection:2 (or later), else WANIPConnection:1, else
 *                       WANPPPConnection:1
 * @param controlUrl     its absolute control URL, on the same host as {@code location}
 */
public record Gateway(
        URI location,
        String server,
        String friendlyName,
        String manufacturer,
        String modelName,
        String modelNumber,
        UpnpType serviceType,
        URI controlUrl) {
    public Gateway {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(friendlyName, "friendlyName");
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelNumber, "modelNumber");
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(controlUrl, "controlUrl");
    }

    /** True when the connection service is WANIPConnection:2 or later (AddAnyPortMapping, GetListOfPortMappings). */
    public boolean isIgd2() {
        return serviceType.type().equals("WANIPConnection") && serviceType.version() >= 2;
    }

    /** A copy with another {@link #server()} value. */
    public Gateway withServer(String newServer) {
        return new Gateway(location, newServer, friendlyName, manufacturer, modelName, modelNumber, serviceType,
                controlUrl);
    }
}
