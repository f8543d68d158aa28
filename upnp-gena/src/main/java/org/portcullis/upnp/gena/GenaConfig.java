package org.portcullis.upnp.gena;

/**
 * Eventing limits. Only the subscription timeout exists yet; the rest arrives with eventing.
 *
 * @param subscriptionTimeoutSeconds the TIMEOUT the device grants, at least {@value #MIN_TIMEOUT_SECONDS}
 */
public record GenaConfig(int subscriptionTimeoutSeconds) {
    /** UDA: a device-chosen timeout of at least 1800 s, never infinite. */
    public static final int MIN_TIMEOUT_SECONDS = 1800;

    public GenaConfig {
        if (subscriptionTimeoutSeconds < MIN_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("subscription timeout below " + MIN_TIMEOUT_SECONDS + " s");
        }
    }

    public static GenaConfig defaults() {
        return new GenaConfig(MIN_TIMEOUT_SECONDS);
    }
}
