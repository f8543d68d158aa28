package org.portcullis.upnp.gena;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of one event: state variable names and values, in order ({@code e:propertyset}, UDA 1.1 §4.3.2).
 *
 * @param properties variable name to value; names are XML names without a colon, values XML 1.0 text
 */
public record PropertySet(Map<String, String> properties) {
    public PropertySet {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (!isName(Objects.requireNonNull(k, "name"))) {
                throw new IllegalArgumentException("not an XML name without colon: " + k);
            }
            if (!isXmlText(Objects.requireNonNull(v, "value"))) {
                throw new IllegalArgumentException("value of " + k + " holds a character XML 1.0 cannot carry");
            }
            copy.put(k, v);
        });
        properties = Collections.unmodifiableMap(copy);
    }

    /** Whether {@code s} is a non-empty XML 1.0 name without a colon (NCName). */
    public static boolean isName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            boolean start = c == '_' || Character.isLetter(c);
            boolean ok = i == 0 ? start
                    : start || Character.isDigit(c) || c == '-' || c == '.' || c == 0xB7
                            || Character.getType(c) == Character.NON_SPACING_MARK;
            if (!ok) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /** Whether every character of {@code s} is allowed in XML 1.0 text. */
    public static boolean isXmlText(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok || (Character.isSurrogate(s.charAt(i)) && Character.charCount(c) == 1)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
