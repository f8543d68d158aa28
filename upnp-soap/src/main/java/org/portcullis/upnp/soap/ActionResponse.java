package org.portcullis.upnp.soap;

import java.util.List;
import java.util.Optional;
import org.portcullis.upnp.core.UpnpType;

/**
 * A successful action result: the body of a 200 control response ({@code <actionName>Response}).
 *
 * @param serviceType the service type of the response element's namespace (the request's)
 * @param actionName  the action name, without the {@code Response} suffix
 * @param arguments   the out-arguments, in SCPD order
 */
public record ActionResponse(UpnpType serviceType, String actionName, List<ActionArgument> arguments)
        implements ActionResult {
    public ActionResponse {
        Arguments.checkAction(serviceType, actionName);
        arguments = List.copyOf(arguments);
    }

    /** The value of the first argument with this name. */
    public Optional<String> argument(String name) {
        return Arguments.find(arguments, name);
    }
}
