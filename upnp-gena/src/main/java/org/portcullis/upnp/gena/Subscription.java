package org.portcullis.upnp.gena;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one live subscription, for status output and tests.
 *
 * @param sid        its identifier
 * @param subscriber the source address of the SUBSCRIBE
 * @param callbacks  the delivery URLs, tried in order
 * @param expires    when it lapses unless renewed
 * @param nextSeq    the SEQ of the next event to be sent
 */
public record Subscription(Sid sid, InetAddress subscriber, List<URI> callbacks, Instant expires, long nextSeq) {
    public Subscription {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(subscriber, "subscriber");
        callbacks = List.copyOf(callbacks);
        Objects.requireNonNull(expires, "expires");
    }
}
