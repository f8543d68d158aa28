package org.portcullis.upnp.soap;

import java.util.Objects;
import org.portcullis.upnp.core.UpnpException;

/**
 * A device answered an action with a UPnP SOAP fault (UDA 1.1 §3.2.2). {@link #errorCode()} is the fault's
 * {@code errorCode} (e.g. 718 ConflictInMappingEntry); {@link #fault()} keeps the code and the device's
 * {@code errorDescription}. Raised by {@link SoapClient}.
 */
public final class SoapFaultException extends UpnpException {
    private static final long serialVersionUID = 1L;

    private final SoapFault fault;

    public SoapFaultException(SoapFault fault) {
        super(Objects.requireNonNull(fault, "fault").errorCode(), fault.description());
        this.fault = fault;
    }

    /** The fault as received. */
    public SoapFault fault() {
        return fault;
    }
}
