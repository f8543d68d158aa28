package org.portcullis.upnp.ssdp.internal;

import java.util.Optional;

/** Validity of an M-SEARCH and its response delay (UDA 1.1 §1.3.2). Pure functions. */
public final class SearchRules {
    /** The only accepted MAN value, quotes included. */
    public static final String MAN_DISCOVER = "\"ssdp:discover\"";
    /** Largest honoured MX (UDA 1.1: greater values are treated as 5). */
    public static final int MAX_MX_SECONDS = 5;
    /** Means "do not answer" from {@link #maxDelaySeconds}. */
    public static final int DROP = -1;

    private SearchRules() {}

    /** MAN must be exactly {@code "ssdp:discover"}, quotes included (UDA conformance test 1.2.10). */
    public static boolean validMan(Optional<String> man) {
        return man.isPresent() && man.get().equals(MAN_DISCOVER);
    }

    /**
     * The upper bound of the random response delay in seconds, or {@link #DROP}. Multicast: MX is required, a
     * positive decimal; over 5 counts as 5; missing, zero, negative or not a number drops the search. Unicast:
     * answered at once, MX ignored.
     */
    public static int maxDelaySeconds(boolean multicast, Optional<String> mx) {
        if (!multicast) {
            return 0;
        }
        if (mx.isEmpty()) {
            return DROP;
        }
        String v = mx.get();
        if (v.isEmpty() || v.length() > 9) {
            return v.length() > 9 && v.chars().allMatch(c -> c >= '0' && c <= '9') ? MAX_MX_SECONDS : DROP;
        }
        int n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return DROP;
            }
            n = n * 10 + (c - '0');
        }
        return n == 0 ? DROP : Math.min(n, MAX_MX_SECONDS);
    }
}
