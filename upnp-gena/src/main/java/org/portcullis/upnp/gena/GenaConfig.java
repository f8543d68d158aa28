package org.portcullis.upnp.gena;

import java.time.Duration;
import java.util.Objects;

/**
 * Eventing limits and policy. Build with {@link #builder()}; derive variants with {@link #toBuilder()}.
 *
 * <table>
 * <caption>Fields and defaults</caption>
 * <tr><th>field</th><th>default</th><th>meaning</th></tr>
 * <tr><td>timeoutSeconds</td><td>{@value #DEFAULT_TIMEOUT_SECONDS}</td><td>TIMEOUT granted when the subscriber asks
 *     for none, for {@code infinite}, for garbage or for less; at least {@value #MIN_TIMEOUT_SECONDS}</td></tr>
 * <tr><td>maxTimeoutSeconds</td><td>{@value #DEFAULT_MAX_TIMEOUT_SECONDS}</td><td>upper clamp of a requested
 *     TIMEOUT; the device never grants {@code infinite}</td></tr>
 * <tr><td>maxCallbackUrls</td><td>{@value #DEFAULT_MAX_CALLBACK_URLS}</td><td>more URLs in CALLBACK: 412</td></tr>
 * <tr><td>maxCallbackUrlLength</td><td>{@value #DEFAULT_MAX_CALLBACK_URL_LENGTH}</td><td>characters per URL
 *     (GUPnP/DLNA use 256); longer: 412</td></tr>
 * <tr><td>maxSubscriptionsPerSource</td><td>{@value #DEFAULT_MAX_SUBSCRIPTIONS_PER_SOURCE}</td><td>live
 *     subscriptions from one source address per publisher; more: 500</td></tr>
 * <tr><td>maxSubscriptions</td><td>{@value #DEFAULT_MAX_SUBSCRIPTIONS}</td><td>live subscriptions per publisher;
 *     more: 500</td></tr>
 * <tr><td>queueCapacity</td><td>{@value #DEFAULT_QUEUE_CAPACITY}</td><td>pending events per subscriber; when full,
 *     new changes are coalesced into the newest pending event</td></tr>
 * <tr><td>maxConsecutiveFailures</td><td>{@value #DEFAULT_MAX_CONSECUTIVE_FAILURES}</td><td>failed deliveries in a
 *     row after which the subscription is dropped</td></tr>
 * <tr><td>connectTimeout</td><td>2 s</td><td>TCP connect to a callback</td></tr>
 * <tr><td>responseTimeout</td><td>5 s</td><td>whole NOTIFY exchange after connecting</td></tr>
 * <tr><td>initialEventDelay</td><td>50 ms</td><td>gap between the SUBSCRIBE response and the initial event, so the
 *     200 reaches the subscriber first</td></tr>
 * <tr><td>maxResponseBytes</td><td>{@value #DEFAULT_MAX_RESPONSE_BYTES}</td><td>cap on a NOTIFY response (headers
 *     and body); larger counts as a failed delivery</td></tr>
 * <tr><td>callbackScope</td><td>{@link CallbackScope#SOURCE_ADDRESS}</td><td>CallStranger policy</td></tr>
 * </table>
 */
public record GenaConfig(
        int timeoutSeconds,
        int maxTimeoutSeconds,
        int maxCallbackUrls,
        int maxCallbackUrlLength,
        int maxSubscriptionsPerSource,
        int maxSubscriptions,
        int queueCapacity,
        int maxConsecutiveFailures,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration initialEventDelay,
        int maxResponseBytes,
        CallbackScope callbackScope) {
    /** UDA 1.1: a device-chosen timeout SHOULD be at least 1800 s. */
    public static final int MIN_TIMEOUT_SECONDS = 1800;
    public static final int DEFAULT_TIMEOUT_SECONDS = 1800;
    public static final int DEFAULT_MAX_TIMEOUT_SECONDS = 7200;
    public static final int DEFAULT_MAX_CALLBACK_URLS = 3;
    public static final int DEFAULT_MAX_CALLBACK_URL_LENGTH = 256;
    public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_SOURCE = 8;
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 64;
    public static final int DEFAULT_QUEUE_CAPACITY = 8;
    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 8192;

    public GenaConfig {
        if (timeoutSeconds < MIN_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("subscription timeout below " + MIN_TIMEOUT_SECONDS + " s");
        }
        if (maxTimeoutSeconds < timeoutSeconds) {
            throw new IllegalArgumentException("maxTimeoutSeconds below timeoutSeconds");
        }
        positive(maxCallbackUrls, "maxCallbackUrls");
        if (maxCallbackUrlLength < 16) {
            throw new IllegalArgumentException("maxCallbackUrlLength below 16");
        }
        positive(maxSubscriptionsPerSource, "maxSubscriptionsPerSource");
        positive(maxSubscriptions, "maxSubscriptions");
        positive(queueCapacity, "queueCapacity");
        positive(maxConsecutiveFailures, "maxConsecutiveFailures");
        positive(maxResponseBytes, "maxResponseBytes");
        positive(connectTimeout, "connectTimeout");
        positive(responseTimeout, "responseTimeout");
        Objects.requireNonNull(initialEventDelay, "initialEventDelay");
        if (initialEventDelay.isNegative()) {
            throw new IllegalArgumentException("initialEventDelay is negative");
        }
        Objects.requireNonNull(callbackScope, "callbackScope");
    }

    private static void positive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void positive(Duration v, String name) {
        if (Objects.requireNonNull(v, name).isNegative() || v.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** The defaults. */
    public static GenaConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.timeoutSeconds = timeoutSeconds;
        b.maxTimeoutSeconds = maxTimeoutSeconds;
        b.maxCallbackUrls = maxCallbackUrls;
        b.maxCallbackUrlLength = maxCallbackUrlLength;
        b.maxSubscriptionsPerSource = maxSubscriptionsPerSource;
        b.maxSubscriptions = maxSubscriptions;
        b.queueCapacity = queueCapacity;
        b.maxConsecutiveFailures = maxConsecutiveFailures;
        b.connectTimeout = connectTimeout;
        b.responseTimeout = responseTimeout;
        b.initialEventDelay = initialEventDelay;
        b.maxResponseBytes = maxResponseBytes;
        b.callbackScope = callbackScope;
        return b;
    }

    /** Builder; each setter checks its own value, {@link #build()} the combination. */
    public static final class Builder {
        private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        private int maxTimeoutSeconds = DEFAULT_MAX_TIMEOUT_SECONDS;
        private int maxCallbackUrls = DEFAULT_MAX_CALLBACK_URLS;
        private int maxCallbackUrlLength = DEFAULT_MAX_CALLBACK_URL_LENGTH;
        private int maxSubscriptionsPerSource = DEFAULT_MAX_SUBSCRIPTIONS_PER_SOURCE;
        private int maxSubscriptions = DEFAULT_MAX_SUBSCRIPTIONS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int maxConsecutiveFailures = DEFAULT_MAX_CONSECUTIVE_FAILURES;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration responseTimeout = Duration.ofSeconds(5);
        private Duration initialEventDelay = Duration.ofMillis(50);
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private CallbackScope callbackScope = CallbackScope.SOURCE_ADDRESS;

        private Builder() {}

        public Builder timeoutSeconds(int v) {
            if (v < MIN_TIMEOUT_SECONDS) {
                throw new IllegalArgumentException("subscription timeout below " + MIN_TIMEOUT_SECONDS + " s");
            }
            timeoutSeconds = v;
            return this;
        }

        public Builder maxTimeoutSeconds(int v) {
            maxTimeoutSeconds = v;
            return this;
        }

        public Builder maxCallbackUrls(int v) {
            positive(v, "maxCallbackUrls");
            maxCallbackUrls = v;
            return this;
        }

        public Builder maxCallbackUrlLength(int v) {
            maxCallbackUrlLength = v;
            return this;
        }

        public Builder maxSubscriptionsPerSource(int v) {
            positive(v, "maxSubscriptionsPerSource");
            maxSubscriptionsPerSource = v;
            return this;
        }

        public Builder maxSubscriptions(int v) {
            positive(v, "maxSubscriptions");
            maxSubscriptions = v;
            return this;
        }

        public Builder queueCapacity(int v) {
            positive(v, "queueCapacity");
            queueCapacity = v;
            return this;
        }

        public Builder maxConsecutiveFailures(int v) {
            positive(v, "maxConsecutiveFailures");
            maxConsecutiveFailures = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            positive(v, "connectTimeout");
            connectTimeout = v;
            return this;
        }

        public Builder responseTimeout(Duration v) {
            positive(v, "responseTimeout");
            responseTimeout = v;
            return this;
        }

        public Builder initialEventDelay(Duration v) {
            initialEventDelay = Objects.requireNonNull(v, "initialEventDelay");
            return this;
        }

        public Builder maxResponseBytes(int v) {
            positive(v, "maxResponseBytes");
            maxResponseBytes = v;
            return this;
        }

        public Builder callbackScope(CallbackScope v) {
            callbackScope = Objects.requireNonNull(v, "callbackScope");
            return this;
        }

        public GenaConfig build() {
            return new GenaConfig(timeoutSeconds, maxTimeoutSeconds, maxCallbackUrls, maxCallbackUrlLength,
                    maxSubscriptionsPerSource, maxSubscriptions, queueCapacity, maxConsecutiveFailures,
                    connectTimeout, responseTimeout, initialEventDelay, maxResponseBytes, callbackScope);
        }
    }
}
