package org.portcullis.upnp.soap.codec;

import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import org.portcullis.upnp.core.internal.xml.SafeXml;
import org.portcullis.upnp.core.internal.xml.XmlLimits;
import org.portcullis.upnp.soap.ActionRequest;
import org.portcullis.upnp.soap.ActionResult;

/** Bounded, strict reader of UPnP SOAP envelopes. Thread-safe. */
public final class SoapReader {
    private final XMLInputFactory factory;

    private SoapReader(XmlLimits limits) {
        this.factory = SafeXml.inputFactory(Objects.requireNonNull(limits, "limits"));
    }

    public static SoapReader create() {
        return new SoapReader(XmlLimits.defaults());
    }

    public static SoapReader create(XmlLimits limits) {
        return new SoapReader(limits);
    }

    public ActionRequest readRequest(byte[] document) throws SoapDecodingException {
        throw new SoapDecodingException(SoapDecodingException.Reason.MALFORMED_XML, "not yet");
    }

    public ActionResult readResult(byte[] document) throws SoapDecodingException {
        throw new SoapDecodingException(SoapDecodingException.Reason.MALFORMED_XML, "not yet");
    }

    XMLInputFactory factory() {
        return factory;
    }
}
