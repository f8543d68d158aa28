package org.portcullis.upnp.igd.client;

import java.util.Optional;
import java.util.OptionalInt;
import org.portcullis.upnp.core.UpnpErrorCode;

/**
 * Why a call to a gateway failed. {@link Kind#FAULT} carries the UPnP error code of the device's SOAP fault (for
 * example 718 ConflictInMappingEntry, 725 OnlyPermanentLeasesSupported, 606 Action not authorized); the other
 * kinds describe transport failures and answers that could not be understood.
 */
public final class GatewayException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The class of failure. */
    public enum Kind {
        /** The device answered with a UPnP fault; see {@link #upnpErrorCode()}. */
        FAULT,
        /** The device answered with an HTTP status that is neither 200 nor a readable fault. */
        HTTP_STATUS,
        /** No complete answer within the client's timeout. */
        TIMEOUT,
        /** The connection could not be made or broke. */
        IO,
        /** The answer was too large, not XML, or lacked a required field. */
        MALFORMED,
        /** The gateway does not offer what the call needs (for example AddAnyPortMapping on IGD:1). */
        UNSUPPORTED
    }

    private final Kind kind;
    private final int upnpErrorCode;
    private final int httpStatus;

    private GatewayException(Kind kind, String message, int upnpErrorCode, int httpStatus, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.upnpErrorCode = upnpErrorCode;
        this.httpStatus = httpStatus;
    }

    /** A failure of the given kind (not {@link Kind#FAULT}). */
    public static GatewayException of(Kind kind, String message) {
        return new GatewayException(kind, message, -1, -1, null);
    }

    /** A failure of the given kind with its cause. */
    public static GatewayException of(Kind kind, String message, Throwable cause) {
        return new GatewayException(kind, message, -1, -1, cause);
    }

    /** A UPnP fault answered by the device. */
    public static GatewayException fault(int upnpErrorCode, String description) {
        return new GatewayException(Kind.FAULT, "UPnP error " + upnpErrorCode + " (" + description + ")",
                upnpErrorCode, -1, null);
    }

    /** An unexpected HTTP status. */
    public static GatewayException httpStatus(int status, String message) {
        return new GatewayException(Kind.HTTP_STATUS, message, -1, status, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The UPnP error code of a {@link Kind#FAULT}. */
    public OptionalInt upnpErrorCode() {
        return upnpErrorCode < 0 ? OptionalInt.empty() : OptionalInt.of(upnpErrorCode);
    }

    /** The code as a known {@link UpnpErrorCode}, if it is one. */
    public Optional<UpnpErrorCode> knownCode() {
        return upnpErrorCode < 0 ? Optional.empty() : UpnpErrorCode.of(upnpErrorCode);
    }

    /** The HTTP status of a {@link Kind#HTTP_STATUS}. */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
