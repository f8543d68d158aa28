/**
 * Portcullis core: addressing and the LAN-only rule ({@code core.net}), the description model and its XML writer
 * ({@code core.description}), and the one LAN HTTP server on which description, control, eventing and presentation
 * routes are mounted ({@code core.http}).
 */
module org.portcullis.upnp.core {
    requires transitive io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.handler;
    requires com.ctc.wstx;
    requires org.codehaus.stax2;
    requires transitive java.xml;
    requires org.slf4j;

    exports org.portcullis.upnp.core;
    exports org.portcullis.upnp.core.net;
    exports org.portcullis.upnp.core.description;
    exports org.portcullis.upnp.core.http;
    exports org.portcullis.upnp.core.internal.xml to
            org.portcullis.upnp.soap,
            org.portcullis.upnp.gena,
            org.portcullis.upnp.igd;
    exports org.portcullis.upnp.core.internal.netty to
            org.portcullis.upnp.ssdp,
            org.portcullis.upnp.soap,
            org.portcullis.upnp.gena,
            org.portcullis.upnp.igd;
}
