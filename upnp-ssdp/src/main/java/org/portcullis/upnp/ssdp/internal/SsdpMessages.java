package org.portcullis.upnp.ssdp.internal;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * Builds the messages a device sends on one interface: alive and byebye (UDA 1.1 §1.2.2, §1.2.3) and search
 * responses (§1.3.3). Immutable.
 *
 * @param host          HOST of multicast NOTIFY, {@code group:port}
 * @param location      LOCATION for this interface
 * @param server        SERVER
 * @param maxAgeSeconds CACHE-CONTROL max-age
 * @param bootId        BOOTID.UPNP.ORG
 * @param configId      CONFIGID.UPNP.ORG
 */
public record SsdpMessages(String host, String location, String server, int maxAgeSeconds, long bootId,
        int configId) {
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    /** ssdp:alive for one notification. */
    public SsdpMessage alive(Notification n) {
        return SsdpMessage.builder(SsdpMessage.Kind.NOTIFY)
                .header("HOST", host)
                .header("CACHE-CONTROL", "max-age=" + maxAgeSeconds)
                .header("LOCATION", location)
                .header("NT", n.nt())
                .header("NTS", "ssdp:alive")
                .header("SERVER", server)
                .header("USN", n.usn())
                .header("BOOTID.UPNP.ORG", Long.toString(bootId))
                .header("CONFIGID.UPNP.ORG", Integer.toString(configId))
                .build();
    }

    /** ssdp:byebye for one notification: no LOCATION, CACHE-CONTROL or SERVER (gssdp and miniupnpd agree). */
    public SsdpMessage byebye(Notification n) {
        return SsdpMessage.builder(SsdpMessage.Kind.NOTIFY)
                .header("HOST", host)
                .header("NT", n.nt())
                .header("NTS", "ssdp:byebye")
                .header("USN", n.usn())
                .header("BOOTID.UPNP.ORG", Long.toString(bootId))
                .header("CONFIGID.UPNP.ORG", Integer.toString(configId))
                .build();
    }

    /** The response to a search, ST being the notification's NT. */
    public SsdpMessage response(Notification n, ZonedDateTime now) {
        return SsdpMessage.builder(SsdpMessage.Kind.RESPONSE)
                .header("CACHE-CONTROL", "max-age=" + maxAgeSeconds)
                .header("DATE", HTTP_DATE.format(now.withZoneSameInstant(ZoneOffset.UTC)))
                .header("EXT", "")
                .header("LOCATION", location)
                .header("SERVER", server)
                .header("ST", n.nt())
                .header("USN", n.usn())
                .header("BOOTID.UPNP.ORG", Long.toString(bootId))
                .header("CONFIGID.UPNP.ORG", Integer.toString(configId))
                .build();
    }
}
