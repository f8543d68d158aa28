/**
 * The SOAP 1.1 envelope format used by UPnP control: {@link org.portcullis.upnp.soap.codec.SoapReader} (bounded,
 * strict, DTD-free) and {@link org.portcullis.upnp.soap.codec.SoapWriter}. Failures are
 * {@link org.portcullis.upnp.soap.codec.SoapDecodingException}s with a typed reason.
 */
package org.portcullis.upnp.soap.codec;
