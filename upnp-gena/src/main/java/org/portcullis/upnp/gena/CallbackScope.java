package org.portcullis.upnp.gena;

/**
 * Which CALLBACK hosts a subscription may name (CallStranger, CVE-2020-12695). In both scopes a callback is
 * {@code http://}, its host a literal IP address (never a DNS name, which would be resolved by the device and could
 * point anywhere), its port 1..65535, and never one of the device's own addresses.
 */
public enum CallbackScope {
    /**
     * The default: the callback host must equal the TCP source address of the SUBSCRIBE, as miniupnpd requires. A
     * subscriber can only make the device talk to itself.
     */
    SOURCE_ADDRESS,
    /**
     * Wider, opt-in: the callback host may be any LAN address on the subnet of the served interface that the
     * subscriber itself is on (as pupnp checks). Lets a proxy subscribe for another LAN host, and lets any LAN host
     * point NOTIFYs at any other LAN host on that subnet.
     */
    LAN_SUBNET
}
