package org.portcullis.upnp.igd.internal.wanip;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionContext;
import org.portcullis.upnp.soap.ActionHandler;
import org.portcullis.upnp.soap.ActionRequest;

/** Adapts blocking action bodies to {@link ActionHandler}s that run on the IGD worker, never on an event loop. */
public final class WorkerActions {
    /** An action body; may block (NAT backend, counters from the kernel). */
    @FunctionalInterface
    public interface Body {
        List<ActionArgument> run(ActionRequest request, ActionContext context) throws UpnpException;
    }

    private final Executor worker;

    public WorkerActions(Executor worker) {
        this.worker = worker;
    }

    public ActionHandler handler(Body body) {
        return (request, context) -> {
            CompletableFuture<List<ActionArgument>> result = new CompletableFuture<>();
            try {
                worker.execute(() -> {
                    try {
                        result.complete(body.run(request, context));
                    } catch (UpnpException | RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new UpnpException(UpnpErrorCode.ACTION_FAILED, "shutting down"));
            }
            return result;
        };
    }
}
