package org.portcullis.upnp.gena.codec;

import java.util.Objects;

/** A GENA header value or property-set document that cannot be accepted, with the {@link Reason}. */
public final class GenaDecodingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the input was refused. */
    public enum Reason {
        /** Syntax not as the UDA defines it. */
        MALFORMED,
        /** A value or document over a limit. */
        TOO_LONG,
        /** More items than allowed (callback URLs). */
        TOO_MANY,
        /** A URL that is not {@code http://} or has user info, no host or a bad port. */
        BAD_URL,
        /** XML with a DOCTYPE, entity reference or other construct we do not accept. */
        FORBIDDEN_XML
    }

    private final Reason reason;

    public GenaDecodingException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
