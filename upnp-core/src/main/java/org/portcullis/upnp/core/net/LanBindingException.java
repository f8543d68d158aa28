package org.portcullis.upnp.core.net;

/**
 * Thrown when a configuration asks Portcullis to serve on something that is not LAN: a WAN interface, an interface
 * with a public address, the wildcard address, or an interface that does not exist. The message names it.
 */
public final class LanBindingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LanBindingException(String message) {
        super(message);
    }
}
