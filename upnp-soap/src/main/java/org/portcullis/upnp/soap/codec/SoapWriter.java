package org.portcullis.upnp.soap.codec;

import org.portcullis.upnp.soap.ActionRequest;
import org.portcullis.upnp.soap.ActionResponse;
import org.portcullis.upnp.soap.SoapFault;

/** Writer of UPnP SOAP envelopes. */
public final class SoapWriter {
    private SoapWriter() {}

    public static byte[] writeRequest(ActionRequest request) {
        throw new UnsupportedOperationException();
    }

    public static byte[] writeResponse(ActionResponse response) {
        throw new UnsupportedOperationException();
    }

    public static byte[] writeFault(SoapFault fault) {
        throw new UnsupportedOperationException();
    }
}
