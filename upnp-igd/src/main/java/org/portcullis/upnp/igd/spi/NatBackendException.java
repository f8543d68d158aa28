package org.portcullis.upnp.igd.spi;

/** A NAT backend could not apply a change; the IGD answers 501 Action Failed and keeps its table unchanged. */
public final class NatBackendException extends Exception {
    private static final long serialVersionUID = 1L;

    public NatBackendException(String message) {
        super(message);
    }

    public NatBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
