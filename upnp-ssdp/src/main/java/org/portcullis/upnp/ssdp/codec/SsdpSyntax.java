package org.portcullis.upnp.ssdp.codec;

/** Character classes shared by the message value checks and the decoder (RFC 9110 §5.6.2, §5.5). */
final class SsdpSyntax {
    private SsdpSyntax() {}

    /** tchar: {@code !#$%&'*+-.^_`|~}, digits and ASCII letters. */
    static boolean isTchar(int c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0 && c < 0x80;
    }

    /** A non-empty token. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t';
    }

    /**
     * A stored header value: no control characters except HTAB, no DEL, no unpaired surrogate, and no leading or
     * trailing whitespace (the decoder strips it, so a stored value must not have it for round trips to hold).
     */
    static boolean isValidValue(String v) {
        int n = v.length();
        if (n > 0 && (isWhitespace(v.charAt(0)) || isWhitespace(v.charAt(n - 1)))) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(v.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
