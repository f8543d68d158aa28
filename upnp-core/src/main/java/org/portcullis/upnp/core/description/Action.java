package org.portcullis.upnp.core.description;

import java.util.List;
import java.util.Objects;

/**
 * An action in an SCPD. Arguments are in the spec's order: all in-arguments, then all out-arguments.
 *
 * @param name      action name
 * @param arguments arguments in order
 */
public record Action(String name, List<Argument> arguments) {
    public Action {
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
        boolean seenOut = false;
        for (Argument a : arguments) {
            if (a.direction() == Argument.Direction.OUT) {
                seenOut = true;
            } else if (seenOut) {
                throw new IllegalArgumentException("in-argument after out-argument in " + name);
            }
        }
    }

    /** The in-arguments, in order. */
    public List<Argument> inArguments() {
        return arguments.stream().filter(a -> a.direction() == Argument.Direction.IN).toList();
    }

    /** The out-arguments, in order. */
    public List<Argument> outArguments() {
        return arguments.stream().filter(a -> a.direction() == Argument.Direction.OUT).toList();
    }
}
