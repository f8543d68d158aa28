package org.portcullis.upnp.soap;

/**
 * What a device answers to an action: an {@link ActionResponse} (HTTP 200) or a {@link SoapFault} (HTTP 500).
 * Produced by {@link org.portcullis.upnp.soap.codec.SoapReader#readResult(byte[])}.
 */
public sealed interface ActionResult permits ActionResponse, SoapFault {}
