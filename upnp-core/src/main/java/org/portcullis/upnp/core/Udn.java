package org.portcullis.upnp.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A Unique Device Name, {@code uuid:<uuid>} (UDA 1.1 §2.5). Only UUID-form UDNs are accepted: that is what every
 * real control point expects, and it keeps USN parsing unambiguous.
 *
 * @param uuid the device's UUID
 */
public record Udn(UUID uuid) {
    public Udn {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Parses {@code uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}. */
    public static Udn parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.regionMatches(true, 0, "uuid:", 0, 5) || text.length() != 41) {
            throw new IllegalArgumentException("not a uuid: UDN");
        }
        return new Udn(UUID.fromString(text.substring(5)));
    }

    /** A stable UDN derived from a seed (for example a device identity and a role), so that it survives restarts. */
    public static Udn derived(String seed) {
        return new Udn(UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "uuid:" + uuid;
    }
}
