package org.portcullis.upnp.core.description;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A state variable in an SCPD {@code <serviceStateTable>}.
 *
 * @param name          variable name
 * @param dataType      data type
 * @param sendEvents    whether it is evented
 * @param allowedValues allowed string values (empty for no list)
 * @param defaultValue  default value, if any
 * @param range         allowed numeric range, if any
 */
public record StateVariable(
        String name,
        DataType dataType,
        boolean sendEvents,
        List<String> allowedValues,
        Optional<String> defaultValue,
        Optional<Range> range) {
    /**
     * An {@code <allowedValueRange>}.
     *
     * @param minimum lower bound
     * @param maximum upper bound
     * @param step    step (1 for contiguous)
     */
    public record Range(long minimum, long maximum, long step) {
        public Range {
            if (minimum > maximum || step <= 0) {
                throw new IllegalArgumentException("invalid range");
            }
        }
    }

    public StateVariable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        allowedValues = List.copyOf(allowedValues);
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(range, "range");
    }

    /** A plain variable with no list, default or range. */
    public static StateVariable of(String name, DataType type, boolean sendEvents) {
        return new StateVariable(name, type, sendEvents, List.of(), Optional.empty(), Optional.empty());
    }

    /** A string variable with an allowed-value list. */
    public static StateVariable withValues(String name, boolean sendEvents, String... values) {
        return new StateVariable(name, DataType.STRING, sendEvents, List.of(values), Optional.empty(),
                Optional.empty());
    }

    /** A numeric variable with a range. */
    public static StateVariable withRange(String name, DataType type, boolean sendEvents, long min, long max) {
        return new StateVariable(name, type, sendEvents, List.of(), Optional.empty(),
                Optional.of(new Range(min, max, 1)));
    }
}
