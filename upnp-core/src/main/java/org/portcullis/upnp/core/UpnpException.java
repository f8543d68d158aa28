package org.portcullis.upnp.core;

import java.util.Objects;

/**
 * A failure that carries a UPnP error code: action handlers throw it to answer with a SOAP fault, and clients
 * receive it when a device answered with one.
 */
public class UpnpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errorCode;

    public UpnpException(UpnpErrorCode code) {
        this(code, code.description());
    }

    public UpnpException(UpnpErrorCode code, String message) {
        super(message);
        this.errorCode = Objects.requireNonNull(code, "code").code();
    }

    /** For codes this library does not name (vendor codes 800-899, or unknown codes received from a device). */
    public UpnpException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** The numeric UPnP error code. */
    public int errorCode() {
        return errorCode;
    }

    /** The code as an enum constant, when it is one this library names. */
    public java.util.Optional<UpnpErrorCode> knownCode() {
        return UpnpErrorCode.of(errorCode);
    }
}
