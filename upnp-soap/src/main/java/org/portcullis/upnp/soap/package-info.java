/**
 * UPnP control, device side: {@link org.portcullis.upnp.soap.SoapControl} and the action values it passes to
 * {@link org.portcullis.upnp.soap.ActionHandler}s.
 *
 * <p>Values are immutable records; every list is copied and unmodifiable.
 */
package org.portcullis.upnp.soap;
