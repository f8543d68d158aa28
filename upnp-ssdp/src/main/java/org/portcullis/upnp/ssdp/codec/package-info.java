/**
 * The SSDP wire format (HTTPU/HTTPMU, UDA 1.1 §1): {@link org.portcullis.upnp.ssdp.codec.SsdpMessage} values, a
 * bounded strict {@link org.portcullis.upnp.ssdp.codec.SsdpDecoder} configured by
 * {@link org.portcullis.upnp.ssdp.codec.SsdpLimits}, and {@link org.portcullis.upnp.ssdp.codec.SsdpEncoder}.
 * Everything here is stateless or immutable and thread-safe.
 */
package org.portcullis.upnp.ssdp.codec;
