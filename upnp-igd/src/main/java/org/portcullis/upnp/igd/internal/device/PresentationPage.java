package org.portcullis.upnp.igd.internal.device;

/** The minimal presentation page: device name, external address and mapping count. */
public final class PresentationPage {
    private PresentationPage() {}

    public static String render(String friendlyName, String externalAddress, int mappings) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(friendlyName)
                + "</title></head>\n<body><h1>" + escape(friendlyName) + "</h1>\n<dl>"
                + "<dt>External address</dt><dd id=\"external-address\">"
                + escape(externalAddress.isEmpty() ? "unknown" : externalAddress) + "</dd>"
                + "<dt>Port mappings</dt><dd id=\"mapping-count\">" + mappings + "</dd></dl>\n"
                + "<p>Portcullis UPnP IGD. UPnP is served on the LAN only.</p></body></html>\n";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
