package org.portcullis.upnp.igd.internal.wanip;

import java.util.List;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionRequest;

/**
 * Typed access to in-arguments. The SOAP layer has already checked them against the SCPD; these checks repeat the
 * bounds so that a handler can never fail with an unchecked exception.
 */
final class Args {
    private Args() {}

    static String string(ActionRequest r, String name) throws UpnpException {
        return r.argument(name).orElseThrow(() -> new UpnpException(UpnpErrorCode.INVALID_ARGS, "missing " + name));
    }

    static long unsigned(ActionRequest r, String name, long max) throws UpnpException {
        String v = string(r, name).trim();
        if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new UpnpException(UpnpErrorCode.INVALID_ARGS, name + " is not an unsigned integer");
        }
        long n = Long.parseLong(v);
        if (n > max) {
            throw new UpnpException(UpnpErrorCode.INVALID_ARGS, name + " is out of range");
        }
        return n;
    }

    static boolean bool(ActionRequest r, String name) throws UpnpException {
        String v = string(r, name).trim();
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> throw new UpnpException(UpnpErrorCode.INVALID_ARGS, name + " is not a boolean");
        };
    }

    static List<ActionArgument> out(String... namesAndValues) {
        ActionArgument[] a = new ActionArgument[namesAndValues.length / 2];
        for (int i = 0; i < a.length; i++) {
            a[i] = new ActionArgument(namesAndValues[2 * i], namesAndValues[2 * i + 1]);
        }
        return List.of(a);
    }
}
