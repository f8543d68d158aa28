/**
 * Portcullis SSDP (UPnP Device Architecture discovery, UDA 1.1 §1).
 *
 * <p>{@link org.portcullis.upnp.ssdp.SsdpAdvertiser} announces a device tree on every served LAN interface and
 * answers M-SEARCH; {@link org.portcullis.upnp.ssdp.SsdpSearcher} is a small control-point search. The bounded,
 * strict wire format lives in {@code org.portcullis.upnp.ssdp.codec}. Sockets are bound and groups joined on LAN
 * interfaces only, and every datagram whose source is not on a served subnet is dropped before decoding.
 */
module org.portcullis.upnp.ssdp {
    requires transitive org.portcullis.upnp.core;
    requires transitive io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.codec;
    requires org.slf4j;

    exports org.portcullis.upnp.ssdp;
    exports org.portcullis.upnp.ssdp.codec;
}
