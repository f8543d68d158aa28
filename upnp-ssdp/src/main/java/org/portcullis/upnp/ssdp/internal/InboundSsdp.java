package org.portcullis.upnp.ssdp.internal;

import java.net.InetSocketAddress;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;

/**
 * A decoded datagram with its sender.
 *
 * @param message the message
 * @param sender  the datagram's source address and port
 */
public record InboundSsdp(SsdpMessage message, InetSocketAddress sender) {}
