package org.portcullis.upnp.ssdp.internal;

import java.util.Objects;

/**
 * One (NT, USN) pair: the unit of announcement and of search response (UDA 1.1 §1.2.2). In a response, ST is the
 * NT.
 *
 * @param nt  notification type, or the echoed search target
 * @param usn unique service name
 */
public record Notification(String nt, String usn) {
    public Notification {
        Objects.requireNonNull(nt, "nt");
        Objects.requireNonNull(usn, "usn");
    }
}
