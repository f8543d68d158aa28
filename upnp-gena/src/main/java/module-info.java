/**
 * Portcullis GENA eventing (UDA 1.1 §4): the publisher side of SUBSCRIBE/UNSUBSCRIBE/NOTIFY.
 *
 * <p>Entry point: {@link org.portcullis.upnp.gena.EventPublisher}, one per evented service, whose
 * {@link org.portcullis.upnp.gena.EventPublisher#subscriptionHandler() subscription handler} is mounted on the
 * service's {@code eventSubURL} of the LAN {@link org.portcullis.upnp.core.http.UpnpHttpServer}. Events are delivered
 * by a Netty HTTP client with connect and response timeouts and a bounded queue per subscriber. CallStranger
 * (CVE-2020-12695) is closed by default: a callback must point at the subscriber's own address
 * ({@link org.portcullis.upnp.gena.CallbackScope}).
 *
 * <p>{@code org.portcullis.upnp.gena.codec} holds the wire formats: GENA header values and the
 * {@code e:propertyset} document (writer and bounded reader).
 */
module org.portcullis.upnp.gena {
    requires transitive org.portcullis.upnp.core;
    requires com.ctc.wstx;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.handler;
    requires org.slf4j;

    exports org.portcullis.upnp.gena;
    exports org.portcullis.upnp.gena.codec;
}
