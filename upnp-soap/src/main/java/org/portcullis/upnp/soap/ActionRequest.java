package org.portcullis.upnp.soap;

import java.util.List;
import java.util.Optional;
import org.portcullis.upnp.core.UpnpType;

/**
 * An action invocation: the body of a control request.
 *
 * <p>When {@link SoapControl} passes a request to a handler, the arguments are exactly the SCPD's in-arguments, in
 * SCPD order, each already checked against its related state variable.
 *
 * @param serviceType the service type named by the request (its version may be lower than the device's)
 * @param actionName  the action name, e.g. {@code AddPortMapping}
 * @param arguments   the in-arguments, in order
 */
public record ActionRequest(UpnpType serviceType, String actionName, List<ActionArgument> arguments) {
    public ActionRequest {
        Arguments.checkAction(serviceType, actionName);
        arguments = List.copyOf(arguments);
    }

    /** The value of the first argument with this name. */
    public Optional<String> argument(String name) {
        return Arguments.find(arguments, name);
    }
}
