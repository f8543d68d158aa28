package org.portcullis.upnp.ssdp.internal;

import java.net.InetSocketAddress;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * A message to send and its recipient.
 *
 * @param message   the message
 * @param recipient where to send it
 */
public record OutboundSsdp(SsdpMessage message, InetSocketAddress recipient) {}
