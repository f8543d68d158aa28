package org.portcullis.upnp.gena;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Event moderation of one state variable, as a service template defines it (UDA 1.1 §4.3.1): at most one event per
 * {@code maxRate}, or an event only when a numeric value moved by at least {@code minDelta} since the last value sent.
 * A suppressed value is not lost: the latest value goes out with the next event. No IGD:1/IGD:2 variable is moderated.
 *
 * @param maxRate  the minimum interval between two events carrying the variable, if rate-moderated
 * @param minDelta the minimum numeric change, if delta-moderated
 */
public record Moderation(Optional<Duration> maxRate, OptionalDouble minDelta) {
    public Moderation {
        Objects.requireNonNull(maxRate, "maxRate");
        Objects.requireNonNull(minDelta, "minDelta");
        if (maxRate.isPresent() && (maxRate.get().isNegative() || maxRate.get().isZero())) {
            throw new IllegalArgumentException("maxRate must be positive");
        }
        if (minDelta.isPresent() && !(minDelta.getAsDouble() > 0)) {
            throw new IllegalArgumentException("minDelta must be positive");
        }
    }

    /** At most one event per {@code interval}. */
    public static Moderation maxRate(Duration interval) {
        return new Moderation(Optional.of(interval), OptionalDouble.empty());
    }

    /** An event only when the value moved by at least {@code delta}. */
    public static Moderation minDelta(double delta) {
        return new Moderation(Optional.empty(), OptionalDouble.of(delta));
    }
}
