package org.portcullis.upnp.soap;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.portcullis.upnp.core.description.ServiceDescription;
import org.portcullis.upnp.core.http.UpnpHttpHandler;
import org.portcullis.upnp.core.http.UpnpHttpRequest;
import org.portcullis.upnp.core.http.UpnpHttpResponse;

/** The control route of one service. */
public final class SoapControl implements UpnpHttpHandler {
    /** Default handler timeout, in seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;

    private final ServiceDescription service;
    private final Map<String, ActionHandler> handlers;
    private final Duration timeout;

    private SoapControl(Builder b) {
        this.service = b.service;
        this.handlers = Map.copyOf(b.handlers);
        this.timeout = b.timeout;
    }

    public static Builder builder(ServiceDescription service) {
        return new Builder(service);
    }

    @Override
    public CompletionStage<UpnpHttpResponse> handle(UpnpHttpRequest request) {
        return CompletableFuture.completedFuture(UpnpHttpResponse.status(501));
    }

    /** Builder. */
    public static final class Builder {
        private final ServiceDescription service;
        private final Map<String, ActionHandler> handlers = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);

        private Builder(ServiceDescription service) {
            this.service = Objects.requireNonNull(service, "service");
        }

        public Builder handler(String actionName, ActionHandler handler) {
            Objects.requireNonNull(actionName, "actionName");
            Objects.requireNonNull(handler, "handler");
            if (service.scpd().action(actionName).isEmpty()) {
                throw new IllegalArgumentException("action " + actionName + " is not in the SCPD of "
                        + service.serviceType());
            }
            handlers.put(actionName, handler);
            return this;
        }

        public Builder timeout(Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            timeout = v;
            return this;
        }

        public SoapControl build() {
            return new SoapControl(this);
        }
    }
}
