package org.portcullis.upnp.soap;

import java.util.Objects;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;

/**
 * A UPnP error carried in a SOAP fault ({@code <s:Fault>} with {@code <detail><UPnPError>}), sent with HTTP 500.
 *
 * @param errorCode   the UPnP error code (401, 402, 501, 600-699, 700-799, vendor 800-899)
 * @param description the {@code errorDescription}, a short text; never raw request input
 */
public record SoapFault(int errorCode, String description) implements ActionResult {
    public SoapFault {
        Objects.requireNonNull(description, "description");
    }

    /** The fault for a named code, with the spec's description. */
    public static SoapFault of(UpnpErrorCode code) {
        return new SoapFault(code.code(), code.description());
    }

    /** This fault as an exception, for a control point that received it. */
    public UpnpException toException() {
        return new UpnpException(errorCode, description);
    }
}
