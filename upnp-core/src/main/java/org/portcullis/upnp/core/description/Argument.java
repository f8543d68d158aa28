package org.portcullis.upnp.core.description;

import java.util.Objects;

/**
 * An action argument in an SCPD.
 *
 * @param name                 argument name, e.g. {@code NewExternalPort}
 * @param direction            in or out
 * @param relatedStateVariable the state variable giving its type
 */
public record Argument(String name, Direction direction, String relatedStateVariable) {
    /** Argument direction. */
    public enum Direction {
        IN("in"),
        OUT("out");

        private final String token;

        Direction(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    public Argument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(relatedStateVariable, "relatedStateVariable");
    }

    public static Argument in(String name, String related) {
        return new Argument(name, Direction.IN, related);
    }

    public static Argument out(String name, String related) {
        return new Argument(name, Direction.OUT, related);
    }
}
