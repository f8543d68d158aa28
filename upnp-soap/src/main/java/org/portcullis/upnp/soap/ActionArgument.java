package org.portcullis.upnp.soap;

import java.util.Objects;

/**
 * One named argument value of an action request or response, as text on the wire (UDA 1.1 §2.5 encodings:
 * decimal integers, {@code 0}/{@code 1} booleans, plain strings).
 *
 * @param name  the argument name from the SCPD, e.g. {@code NewExternalPort}; never empty
 * @param value the value; may be empty, never null
 */
public record ActionArgument(String name, String value) {
    public ActionArgument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty argument name");
        }
    }
}
