/**
 * Portcullis IGD: the InternetGatewayDevice profile on top of the core, SSDP and SOAP modules.
 *
 * <p>Entry point: {@link org.portcullis.upnp.igd.Igd}. It serves the IGD:1 device tree (InternetGatewayDevice:1,
 * WANDevice:1, WANConnectionDevice:1 with WANIPConnection:1, WANCommonInterfaceConfig:1, Layer3Forwarding:1) only on
 * LAN interfaces, keeps the port-mapping table under a {@link org.portcullis.upnp.igd.MappingPolicy} (secure mode on
 * by default: a client may only map ports to itself), and applies mappings through a
 * {@link org.portcullis.upnp.igd.spi.NatBackend}.
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
