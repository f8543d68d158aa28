package org.portcullis.upnp.soap;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.portcullis.upnp.core.UpnpType;

/** Checks and lookups shared by the action value records. */
final class Arguments {
    private Arguments() {}

    static void checkAction(UpnpType serviceType, String actionName) {
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(actionName, "actionName");
        if (actionName.isEmpty()) {
            throw new IllegalArgumentException("empty action name");
        }
    }

    static Optional<String> find(List<ActionArgument> arguments, String name) {
        for (ActionArgument a : arguments) {
            if (a.name().equals(name)) {
                return Optional.of(a.value());
            }
        }
        return Optional.empty();
    }
}
