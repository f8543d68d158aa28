package org.portcullis.upnp.ssdp.internal;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * Builds the messages a device sends on one interface: alive, byebye and update (UDA 1.1 §1.2.2 to §1.2.4) and search
 * responses (§1.3.3). Immutable.
 *
 * @param host          HOST of multicast NOTIFY, {@code group:port}
 * @param location      LOCATION for this interface
 * @param server        SERVER
 * @param maxAgeSeconds CACHE-CONTROL max-age
 * @param bootId        BOOTID.UPNP.ORG
 * @param configId      CONFIGID.UPNP.ORG
 * @param searchPort    SEARCHPORT.UPNP.ORG, sent in alive, update and responses only when not 1900 (0: none)
 */
public record SsdpMessages(String host, String location, String server, int maxAgeSeconds, long bootId,
        int configId, int searchPort) {
    /** Without SEARCHPORT.UPNP.ORG (unicast searches are answered on 1900). */
    public SsdpMessages(String host, String location, String server, int maxAgeSeconds, long bootId, int configId) {
        this(host, location, server, maxAgeSeconds, bootId, configId, 0);
    }

    /** The same messages with another HOST ({@code group:port}), for a second multicast group. */
    public SsdpMessages withHost(String newHost) {
        return new SsdpMessages(newHost, location, server, maxAgeSeconds, bootId, configId, searchPort);
    }

    /** The same messages with another BOOTID.UPNP.ORG. */
    public SsdpMessages withBootId(long newBootId) {
        return new SsdpMessages(host, location, server, maxAgeSeconds, newBootId, configId, searchPort);
    }

    private SsdpMessage.Builder ids(SsdpMessage.Builder b) {
        b.header("BOOTID.UPNP.ORG", Long.toString(bootId))
                .header("CONFIGID.UPNP.ORG", Integer.toString(configId));
        return b;
    }

    private SsdpMessage.Builder searchPort(SsdpMessage.Builder b) {
        if (searchPort != 0 && searchPort != 1900) {
            b.header("SEARCHPORT.UPNP.ORG", Integer.toString(searchPort));
        }
        return b;
    }

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    /** ssdp:alive for one notification. */
    public SsdpMessage alive(Notification n) {
        return searchPort(ids(SsdpMessage.builder(SsdpMessage.Kind.NOTIFY)
                .header("HOST", host)
                .header("CACHE-CONTROL", "max-age=" + maxAgeSeconds)
                .header("LOCATION", location)
                .header("NT", n.nt())
                .header("NTS", "ssdp:alive")
                .header("SERVER", server)
                .header("USN", n.usn()))).build();
    }

    /** ssdp:byebye for one notification: no LOCATION, CACHE-CONTROL or SERVER (gssdp and miniupnpd agree). */
    public SsdpMessage byebye(Notification n) {
        return ids(SsdpMessage.builder(SsdpMessage.Kind.NOTIFY)
                .header("HOST", host)
                .header("NT", n.nt())
                .header("NTS", "ssdp:byebye")
                .header("USN", n.usn())).build();
    }

    /**
     * ssdp:update for one notification (UDA 1.1 §1.2.4): sent on the interfaces that stay when another one changes,
     * BOOTID being the current value and NEXTBOOTID the one the following announcements carry.
     *
     * @throws IllegalArgumentException unless {@code nextBootId} is greater than {@link #bootId()}
     */
    public SsdpMessage update(Notification n, long nextBootId) {
        if (nextBootId <= bootId || nextBootId > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("NEXTBOOTID must be above BOOTID and at most 2^31-1");
        }
        return searchPort(ids(SsdpMessage.builder(SsdpMessage.Kind.NOTIFY)
                .header("HOST", host)
                .header("LOCATION", location)
                .header("NT", n.nt())
                .header("NTS", "ssdp:update")
                .header("USN", n.usn()))
                .header("NEXTBOOTID.UPNP.ORG", Long.toString(nextBootId))).build();
    }

    /** The response to a search, ST being the notification's NT. */
    public SsdpMessage response(Notification n, ZonedDateTime now) {
        return searchPort(ids(SsdpMessage.builder(SsdpMessage.Kind.RESPONSE)
                .header("CACHE-CONTROL", "max-age=" + maxAgeSeconds)
                .header("DATE", HTTP_DATE.format(now.withZoneSameInstant(ZoneOffset.UTC)))
                .header("EXT", "")
                .header("LOCATION", location)
                .header("SERVER", server)
                .header("ST", n.nt())
                .header("USN", n.usn()))).build();
    }
}
