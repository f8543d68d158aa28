package org.portcullis.upnp.soap;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The implementation of one action, registered with {@link SoapControl.Builder#handler(String, ActionHandler)}.
 *
 * <p>Called on a Netty event loop: it must not block. Blocking work runs on another executor and completes the
 * returned stage. The stage completes with the out-arguments (every SCPD out-argument, any order; they are sent in
 * SCPD order), or exceptionally with an {@link org.portcullis.upnp.core.UpnpException} whose code is sent in the
 * SOAP fault. Any other failure, a {@code null} stage or result, or a stage that does not complete within the
 * control's timeout is answered with fault 501 (Action Failed).
 */
@FunctionalInterface
public interface ActionHandler {
    /**
     * Runs the action.
     *
     * @param request the validated request: exactly the SCPD's in-arguments, in SCPD order
     * @param context the peer and local addresses
     * @return the out-arguments
     */
    CompletionStage<List<ActionArgument>> invoke(ActionRequest request, ActionContext context);
}
