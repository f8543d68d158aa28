/**
 * Portcullis IGD: the InternetGatewayDevice profile on top of the core, SSDP, SOAP and GENA modules, and the client
 * side for applications.
 *
 * <p>Entry point: {@link org.portcullis.upnp.igd.Igd}. It serves the IGD:2 device tree (InternetGatewayDevice:2,
 * WANDevice:2, WANConnectionDevice:2 with WANIPConnection:2 and WANIPv6FirewallControl:1, WANCommonInterfaceConfig:1,
 * Layer3Forwarding:1), with an IGD:1 view for clients that need it ({@link org.portcullis.upnp.igd.IgdVersion}),
 * only on LAN interfaces; keeps the port-mapping table under a {@link org.portcullis.upnp.igd.MappingPolicy}
 * (secure mode on by default: a client may only map ports to itself), journals acknowledged mappings, and applies
 * them through a {@link org.portcullis.upnp.igd.spi.NatBackend} (in memory or nftables). IPv6 pinholes of
 * WANIPv6FirewallControl:1 get the same policy, leases and journal, and reach the packet path through the same
 * backend as {@link org.portcullis.upnp.igd.PinholeRule}s; the nftables backend then owns the IPv6 inbound policy of
 * the WAN interface (RFC 6092: established/related, RFC 4890 ICMPv6, pinholes, drop the rest) and counts each
 * pinhole's packets.
 * {@code org.portcullis.upnp.igd.client} discovers and drives gateways for applications.
 */
module org.portcullis.upnp.igd {
    requires transitive org.portcullis.upnp.core;
    requires transitive org.portcullis.upnp.ssdp;
    requires transitive org.portcullis.upnp.soap;
    requires transitive org.portcullis.upnp.gena;
    requires io.netty.transport;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires com.ctc.wstx;
    requires org.slf4j;

    exports org.portcullis.upnp.igd;
    exports org.portcullis.upnp.igd.spi;
    exports org.portcullis.upnp.igd.client;
}
