package org.portcullis.upnp.soap.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.description.Action;
import org.portcullis.upnp.core.description.Argument;
import org.portcullis.upnp.core.description.DataType;
import org.portcullis.upnp.core.description.Scpd;
import org.portcullis.upnp.core.description.StateVariable;
import org.portcullis.upnp.soap.ActionArgument;

/**
 * Checks a request's in-arguments against the SCPD before any handler sees them (CVE-2013-1461/1462 class:
 * handlers must never meet a missing or mistyped argument).
 *
 * <ul>
 *   <li>Every SCPD in-argument exactly once, nothing else; looked up by name, so any order is accepted (as
 *       miniupnpd does; clients are required to send SCPD order, and the result is always in SCPD order). Missing,
 *       duplicate or unknown argument: 402.</li>
 *   <li>Integers: optional {@code -} (signed types only), decimal digits, no whitespace, within the type's range:
 *       else 402. Booleans: {@code 0 1 true false yes no}, any case: else 402. {@code bin.base64}: valid base64,
 *       else 402. Strings and {@code dateTime}: any text.</li>
 *   <li>Outside the variable's {@code allowedValueList} or {@code allowedValueRange} (with step): 601.</li>
 * </ul>
 */
public final class InArguments {
    private static final int MAX_INTEGER_CHARS = 20;

    private InArguments() {}

    /**
     * The validated in-arguments in SCPD order.
     *
     * @throws UpnpException 402 or 601 as above; its message names the argument (an SCPD name, never raw input)
     */
    public static List<ActionArgument> check(Scpd scpd, Action action, List<ActionArgument> received)
            throws UpnpException {
        List<Argument> expected = action.inArguments();
        Map<String, String> byName = new HashMap<>();
        for (ActionArgument a : received) {
            if (byName.put(a.name(), a.value()) != null) {
                throw new UpnpException(UpnpErrorCode.INVALID_ARGS, "duplicate argument");
            }
        }
        if (received.size() != expected.size()) {
            throw new UpnpException(UpnpErrorCode.INVALID_ARGS,
                    "expected " + expected.size() + " arguments, got " + received.size());
        }
        List<ActionArgument> ordered = new ArrayList<>(expected.size());
        for (Argument arg : expected) {
            String value = byName.get(arg.name());
            if (value == null) {
                throw new UpnpException(UpnpErrorCode.INVALID_ARGS, "missing " + arg.name());
            }
            StateVariable variable = scpd.stateVariable(arg.relatedStateVariable()).orElseThrow();
            checkValue(arg.name(), variable, value);
            ordered.add(new ActionArgument(arg.name(), value));
        }
        return List.copyOf(ordered);
    }

    static void checkValue(String name, StateVariable variable, String value) throws UpnpException {
        DataType type = variable.dataType();
        if (type.isInteger()) {
            long n = parseInteger(name, type, value);
            if (variable.range().isPresent()) {
                StateVariable.Range range = variable.range().get();
                if (n < range.minimum() || n > range.maximum() || (n - range.minimum()) % range.step() != 0) {
                    throw new UpnpException(UpnpErrorCode.ARGUMENT_VALUE_OUT_OF_RANGE, name + " out of range");
                }
            }
        } else if (type == DataType.BOOLEAN) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "0", "1", "true", "false", "yes", "no" -> {
                    // valid
                }
                default -> throw new UpnpException(UpnpErrorCode.INVALID_ARGS, name + " is not a boolean");
            }
        } else if (type == DataType.BIN_BASE64) {
            try {
                // The MIME decoder would skip any illegal character; only line breaks and blanks are allowed.
                Base64.getDecoder().decode(value.replaceAll("[ \t\r\n]", ""));
            } catch (IllegalArgumentException e) {
                throw new UpnpException(UpnpErrorCode.INVALID_ARGS, name + " is not base64");
            }
        }
        if (!variable.allowedValues().isEmpty() && !variable.allowedValues().contains(value)) {
            throw new UpnpException(UpnpErrorCode.ARGUMENT_VALUE_OUT_OF_RANGE, name + " is not an allowed value");
        }
    }

    private static long parseInteger(String name, DataType type, String value) throws UpnpException {
        int start = value.startsWith("-") && type.min() < 0 ? 1 : 0;
        if (value.length() == start || value.length() > MAX_INTEGER_CHARS) {
            throw new UpnpException(UpnpErrorCode.INVALID_ARGS, name + " is not a " + type.token());
        }
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new UpnpException(UpnpErrorCode.INVALID_ARGS, name + " is not a " + type.token());
            }
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UpnpException(UpnpErrorCode.INVALID_ARGS, name + " is not a " + type.token());
        }
        if (n < type.min() || n > type.max()) {
            throw new UpnpException(UpnpErrorCode.INVALID_ARGS, name + " exceeds " + type.token());
        }
        return n;
    }
}
