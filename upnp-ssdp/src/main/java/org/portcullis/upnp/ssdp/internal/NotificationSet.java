package org.portcullis.upnp.ssdp.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.ssdp.AdvertisedDevice;
import org.portcullis.upnp.ssdp.Advertisement;

/**
 * The notifications of a device tree and the search-target matching rules (UDA 1.1 §1.2.2, §1.3.2). Pure and
 * immutable; no sockets.
 *
 * <p>A tree with {@code d} embedded devices and {@code k} service types per device gives {@code 3 + 2d + k}
 * notifications: root {@code upnp:rootdevice}, UDN and type; UDN and type of each embedded device; each service
 * type of each device, with the UDN of the device holding it.
 */
public final class NotificationSet {
    /** Search target for every notification. */
    public static final String SSDP_ALL = "ssdp:all";
    /** Root device marker. */
    public static final String ROOT_DEVICE = "upnp:rootdevice";

    private final Advertisement advertisement;
    private final List<Notification> all;

    public NotificationSet(Advertisement advertisement) {
        this.advertisement = advertisement;
        Set<Notification> out = new LinkedHashSet<>();
        boolean root = true;
        for (AdvertisedDevice d : advertisement.devices()) {
            String udn = d.udn().toString();
            if (root) {
                out.add(new Notification(ROOT_DEVICE, udn + "::" + ROOT_DEVICE));
                root = false;
            }
            out.add(new Notification(udn, udn));
            out.add(typed(udn, d.deviceType().urn()));
            for (UpnpType s : d.serviceTypes()) {
                out.add(typed(udn, s.urn()));
            }
        }
        this.all = List.copyOf(out);
    }

    private static Notification typed(String udn, String urn) {
        return new Notification(urn, udn + "::" + urn);
    }

    /** Every notification, in announcement order. */
    public List<Notification> all() {
        return all;
    }

    /**
     * The responses owed to a search for {@code st} (already stripped of surrounding whitespace by the decoder):
     * empty for an unknown or malformed target. Type searches match devices or services of the same domain and
     * type name whose version is at least the requested one, and the response carries the requested version.
     */
    public List<Notification> match(String st) {
        if (st.equals(SSDP_ALL)) {
            return all;
        }
        if (st.equals(ROOT_DEVICE)) {
            return List.of(all.get(0));
        }
        // Exact, case-sensitive prefixes and type text, as gssdp and miniupnpd compare (found by fuzzing: a search
        // for "Urn:..." was answered with "urn:...", which is not the requested target echoed back).
        if (st.startsWith("uuid:")) {
            return matchUdn(st);
        }
        if (st.startsWith("urn:")) {
            return matchType(st);
        }
        return List.of();
    }

    private List<Notification> matchUdn(String st) {
        Udn wanted;
        try {
            wanted = Udn.parse(st);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        for (AdvertisedDevice d : advertisement.devices()) {
            if (d.udn().equals(wanted)) {
                String udn = d.udn().toString();
                return List.of(new Notification(udn, udn));
            }
        }
        return List.of();
    }

    private List<Notification> matchType(String st) {
        UpnpType wanted;
        try {
            wanted = UpnpType.parse(st);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        if (!wanted.urn().equals(st)) {
            return List.of();
        }
        // st is now the canonical URN of the wanted type: responses echo it
        List<Notification> out = new ArrayList<>();
        for (AdvertisedDevice d : advertisement.devices()) {
            String udn = d.udn().toString();
            if (wanted.kind() == UpnpType.Kind.DEVICE) {
                if (answers(d.deviceType(), wanted)) {
                    out.add(typed(udn, st));
                }
            } else {
                for (UpnpType s : d.serviceTypes()) {
                    if (answers(s, wanted)) {
                        out.add(typed(udn, st));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** UDA 1.1 §1.3.2: a type answers searches for any version up to its own. */
    static boolean answers(UpnpType implemented, UpnpType wanted) {
        return implemented.sameTypeAs(wanted) && wanted.version() <= implemented.version();
    }
}
