package org.portcullis.upnp.igd;

import java.util.Locale;
import java.util.Optional;

/** A port-mapping protocol, {@code PortMappingProtocol} in WANIPConnection. */
public enum Protocol {
    TCP,
    UDP;

    /** Parses {@code TCP} or {@code UDP}, case-insensitively (some control points send lower case). */
    public static Optional<Protocol> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "TCP" -> Optional.of(TCP);
            case "UDP" -> Optional.of(UDP);
            default -> Optional.empty();
        };
    }
}
