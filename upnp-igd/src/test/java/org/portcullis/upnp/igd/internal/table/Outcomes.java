package org.portcullis.upnp.igd.internal.table;

import java.io.IOException;
import org.portcullis.upnp.core.UpnpException;

/** For model-based tests: what a call gave, its value or its UPnP error code, as one comparable object. */
public final class Outcomes {
    private Outcomes() {}

    /** A call to the table under test. */
    @FunctionalInterface
    public interface Call {
        Object run() throws UpnpException, IOException;
    }

    /** The call's value, or the error code of the {@link UpnpException} it threw. */
    public static Object of(Call call) throws IOException {
        try {
            return call.run();
        } catch (UpnpException e) {
            return e.errorCode();
        }
    }
}
