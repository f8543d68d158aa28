package org.portcullis.upnp.igd.client.internal;

/** Makes device-supplied text safe to put into messages: control characters escaped, length capped. */
public final class Text {
    public static final int MAX = 200;

    private Text() {}

    public static String clip(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8);
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() >= MAX && s.length() > MAX) {
            b.append("...");
        }
        return b.toString();
    }
}
