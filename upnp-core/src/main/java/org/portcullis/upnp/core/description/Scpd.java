package org.portcullis.upnp.core.description;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Service Control Protocol Description: actions and state variables. Every argument's related state variable must
 * exist.
 *
 * @param actions        the actions
 * @param stateVariables the state table
 */
public record Scpd(List<Action> actions, List<StateVariable> stateVariables) {
    public Scpd {
        actions = List.copyOf(actions);
        stateVariables = List.copyOf(stateVariables);
        Set<String> names = new HashSet<>();
        for (StateVariable v : stateVariables) {
            if (!names.add(v.name())) {
                throw new IllegalArgumentException("duplicate state variable " + v.name());
            }
        }
        for (Action a : actions) {
            for (Argument arg : a.arguments()) {
                if (!names.contains(arg.relatedStateVariable())) {
                    throw new IllegalArgumentException("argument " + arg.name() + " of " + a.name()
                            + " refers to unknown state variable " + arg.relatedStateVariable());
                }
            }
        }
    }

    public Optional<Action> action(String name) {
        return actions.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<StateVariable> stateVariable(String name) {
        return stateVariables.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
