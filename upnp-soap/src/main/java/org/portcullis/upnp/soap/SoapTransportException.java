package org.portcullis.upnp.soap;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A control request that produced no UPnP answer: the connection failed, the device did not answer in time, or what
 * it sent was not a SOAP response. A UPnP fault is not a transport failure: it is a {@link SoapFaultException}.
 * Raised by {@link SoapClient}. The message never quotes more than a short excerpt of the device's bytes.
 */
public final class SoapTransportException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The TCP connection could not be made (refused, unreachable, connect timeout). */
        CONNECT_FAILED,
        /** No complete response within the client's response timeout. */
        TIMEOUT,
        /** The connection closed or failed before a complete response arrived. */
        CONNECTION_CLOSED,
        /** The response's status line, headers or body exceeded the client's limits. */
        RESPONSE_TOO_LARGE,
        /** An HTTP status other than 200, without a UPnP fault in the body (e.g. 400, 404, 405, 412). */
        HTTP_STATUS,
        /** Broken HTTP, or a body that is not a SOAP response to the action invoked. */
        MALFORMED_RESPONSE,
        /** The client was closed. */
        CLIENT_CLOSED
    }

    private final Kind kind;
    private final int httpStatus;

    public SoapTransportException(Kind kind, String message) {
        this(kind, -1, message, null);
    }

    public SoapTransportException(Kind kind, String message, Throwable cause) {
        this(kind, -1, message, cause);
    }

    public SoapTransportException(Kind kind, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status of the response, when one was received. */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
