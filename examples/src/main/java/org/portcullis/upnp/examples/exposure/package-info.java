/**
 * The exposure checker: {@link org.portcullis.upnp.examples.exposure.ExposureCheck} probes a target address from
 * outside (SSDP, description, a harmless SOAP call) and flags known-vulnerable UPnP implementations.
 */
package org.portcullis.upnp.examples.exposure;
