package org.portcullis.upnp.ssdp;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.portcullis.upnp.core.Udn;

/**
 * What {@link SsdpAdvertiser} announces: a device tree and where its description is served. The LOCATION sent on
 * each interface is {@code http://<that interface's IPv4 address>:<httpPort><descriptionPath>}.
 *
 * @param devices         the root device first, then every embedded device (at any depth); UDNs are distinct
 * @param descriptionPath absolute path of the root device description, e.g. {@code /rootDesc.xml}
 * @param httpPort        TCP port of the LAN HTTP server, 1..65535
 */
public record Advertisement(List<AdvertisedDevice> devices, String descriptionPath, int httpPort) {
    public Advertisement {
        devices = List.copyOf(devices);
        Objects.requireNonNull(descriptionPath, "descriptionPath");
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no device to advertise");
        }
        Set<Udn> seen = new HashSet<>();
        for (AdvertisedDevice d : devices) {
            if (!seen.add(d.udn())) {
                throw new IllegalArgumentException("duplicate UDN " + d.udn());
            }
        }
        if (!descriptionPath.startsWith("/") || descriptionPath.length() > 256
                || !descriptionPath.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("descriptionPath must be an absolute path of visible ASCII");
        }
        if (httpPort < 1 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort out of range: " + httpPort);
        }
    }

    /** The root device. */
    public AdvertisedDevice root() {
        return devices.get(0);
    }
}
