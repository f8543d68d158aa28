package org.portcullis.upnp.soap.codec;

import java.util.Objects;

/**
 * A SOAP envelope that {@link SoapReader} refused. The message never contains raw input beyond a short, escaped
 * excerpt; the {@link Reason} says what was wrong and decides the answer a device gives.
 */
public final class SoapDecodingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a document was refused. */
    public enum Reason {
        /** Not well-formed XML, wrong encoding, or trailing content. Device answer: HTTP 400. */
        MALFORMED_XML,
        /** A DOCTYPE declaration (refused before any expansion: XXE, billion laughs). Device answer: HTTP 400. */
        DOCTYPE,
        /** An entity reference other than the five predefined ones and character references. HTTP 400. */
        ENTITY_REFERENCE,
        /** A processing instruction other than the XML declaration. HTTP 400. */
        PROCESSING_INSTRUCTION,
        /** Depth, element count, text or attribute size over the {@code XmlLimits}. HTTP 400. */
        LIMIT_EXCEEDED,
        /** The root is not a SOAP 1.1 {@code Envelope}, or its Header/Body structure is wrong. HTTP 400. */
        NOT_SOAP_ENVELOPE,
        /** A Header entry with {@code mustUnderstand="1"}: answered with a SOAP MustUnderstand fault. */
        MUST_UNDERSTAND,
        /** The action (or response) element is missing, repeated, unqualified or not in a service namespace. */
        INVALID_ACTION,
        /** An argument element has attributes, child elements, a foreign namespace or an invalid name. */
        INVALID_ARGUMENT,
        /** A fault whose detail is not a {@code UPnPError} with a numeric code (client side only). */
        INVALID_FAULT
    }

    private final Reason reason;

    public SoapDecodingException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public SoapDecodingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** What was wrong. */
    public Reason reason() {
        return reason;
    }
}
