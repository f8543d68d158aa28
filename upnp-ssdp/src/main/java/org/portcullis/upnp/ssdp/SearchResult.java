package org.portcullis.upnp.ssdp;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One search response received by {@link SsdpSearcher}. Values are as received (decoded and bounded, but not
 * otherwise trusted: in particular {@code location} is a peer-supplied URL and must be checked before use).
 *
 * @param st       the ST header: the target the device says it matched
 * @param usn      the USN header
 * @param location the LOCATION header
 * @param server   the SERVER header, empty if absent
 * @param from     the responder's address and port
 */
public record SearchResult(String st, String usn, String location, String server, InetSocketAddress from) {
    public SearchResult {
        Objects.requireNonNull(st, "st");
        Objects.requireNonNull(usn, "usn");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(from, "from");
    }
}
