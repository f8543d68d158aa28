package org.portcullis.upnp.igd;

/**
 * The IGD's state directory (its mapping journal) cannot be read or written: {@link Igd#start} refuses to run
 * rather than forget acknowledged mappings. The message names the directory and the cause.
 */
public final class IgdStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IgdStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
