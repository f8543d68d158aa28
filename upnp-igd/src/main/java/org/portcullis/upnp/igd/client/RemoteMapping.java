package org.portcullis.upnp.igd.client;

import java.time.Duration;
import java.util.Objects;
import org.portcullis.upnp.igd.Protocol;

/**
 * A port mapping as a gateway lists it. Values are what the device reported, checked only for type.
 *
 * @param remoteHost     remote host filter, empty for any
 * @param externalPort   external port
 * @param protocol       TCP or UDP
 * @param internalPort   internal port
 * @param internalClient the internal client as the device wrote it
 * @param enabled        whether the mapping is enabled
 * @param description    the mapping's description
 * @param lease          remaining lease, {@link Duration#ZERO} for a mapping without one
 */
public record RemoteMapping(
        String remoteHost,
        int externalPort,
        Protocol protocol,
        int internalPort,
        String internalClient,
        boolean enabled,
        String description,
        Duration lease) {
    public RemoteMapping {
        Objects.requireNonNull(remoteHost, "remoteHost");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(internalClient, "internalClient");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(lease, "lease");
    }
}
