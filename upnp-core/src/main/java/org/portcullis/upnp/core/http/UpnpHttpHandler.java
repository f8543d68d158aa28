package org.portcullis.upnp.core.http;

import java.util.concurrent.CompletionStage;

/**
 * A route of the {@link UpnpHttpServer}: description, control (SOAP), eventing (GENA) or presentation.
 *
 * <p>Called on a Netty event loop: it must not block. Work that may block (a NAT backend call, a journal sync)
 * runs elsewhere and completes the returned stage. A stage completed exceptionally becomes a 500 response.
 */
@FunctionalInterface
public interface UpnpHttpHandler {
    CompletionStage<UpnpHttpResponse> handle(UpnpHttpRequest request);
}
