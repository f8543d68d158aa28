package org.portcullis.upnp.soap;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a control request came from. Secure-mode checks (a client may only map ports to itself) use
 * {@link #remote()}.
 *
 * @param remote the control point's address
 * @param local  the local address the request arrived on
 */
public record ActionContext(InetSocketAddress remote, InetSocketAddress local) {
    public ActionContext {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(local, "local");
    }
}
