/**
 * Portcullis SOAP: UPnP control (SOAP 1.1 over HTTP, UDA 1.1 §3).
 *
 * <p>{@link org.portcullis.upnp.soap.SoapControl} is the device side: one control route per service, mounted on the
 * core's {@link org.portcullis.upnp.core.http.UpnpHttpServer}. It checks the HTTP framing, parses the envelope with a
 * bounded, DTD-free reader, validates every in-argument against the SCPD, and dispatches to an
 * {@link org.portcullis.upnp.soap.ActionHandler}. The wire format itself lives in
 * {@link org.portcullis.upnp.soap.codec} ({@code SoapReader}, {@code SoapWriter}), which a control point uses too.
 * {@link org.portcullis.upnp.soap.SoapClient} is the control-point side: it invokes an action on any control URL
 * and maps faults to {@link org.portcullis.upnp.soap.SoapFaultException}.
 */
module org.portcullis.upnp.soap {
    requires transitive org.portcullis.upnp.core;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires com.ctc.wstx;
    requires org.codehaus.stax2;
    requires java.xml;
    requires org.slf4j;

    exports org.portcullis.upnp.soap;
    exports org.portcullis.upnp.soap.codec;
}
