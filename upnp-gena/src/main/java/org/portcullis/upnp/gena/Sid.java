package org.portcullis.upnp.gena;

import java.util.Objects;
import java.util.UUID;

/**
 * A subscription identifier, {@code uuid:} followed by a UUID in its 36-character form (UDA 1.1 §4.1.2). The device
 * creates it from a CSPRNG ({@link UUID#randomUUID()}); SIDs compare exactly, case-sensitively, as received.
 *
 * @param value the full header value, e.g. {@code uuid:6f8b2c1e-0c5e-4c5b-9a3e-2f1d0c9b8a7e}
 */
public record Sid(String value) {
    /** {@code uuid:} plus 36 characters. */
    public static final int LENGTH = 41;

    public Sid {
        Objects.requireNonNull(value, "value");
        if (value.length() != LENGTH || !value.startsWith("uuid:")) {
            throw new IllegalArgumentException("not a uuid: SID");
        }
        for (int i = 5; i < LENGTH; i++) {
            char c = value.charAt(i);
            boolean dash = i == 13 || i == 18 || i == 23 || i == 28;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                throw new IllegalArgumentException("not a uuid: SID");
            }
        }
    }

    /** A fresh random SID. */
    public static Sid random() {
        return new Sid("uuid:" + UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value;
    }
}
