package org.portcullis.upnp.soap.codec;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.portcullis.upnp.core.internal.xml.SafeXml;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionRequest;
import org.portcullis.upnp.soap.ActionResponse;
import org.portcullis.upnp.soap.SoapFault;

/**
 * Writes UPnP SOAP 1.1 envelopes (UDA 1.1 §3.2) as UTF-8 bytes:
 *
 * <pre>{@code
 * <?xml version="1.0"?>
 * <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"
 *     s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>
 *   <u:AddPortMapping xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1"><NewExternalPort>51413</NewExternalPort>...
 * }</pre>
 *
 * <p>The action element uses prefix {@code u}, arguments are unqualified, in list order. Text is escaped
 * ({@code & < >}, and carriage returns as character references so that they survive XML line-end normalisation).
 * Names must be XML names without a colon and values must consist of XML 1.0 characters; otherwise the methods
 * throw {@link IllegalArgumentException}. Stateless and thread-safe.
 */
public final class SoapWriter {
    private static final String DECLARATION = "<?xml version=\"1.0\"?>\n";
    private static final String S = "s";
    private static final String U = "u";

    private SoapWriter() {}

    /** A request envelope: {@code <u:action xmlns:u="serviceType">} with the arguments. */
    public static byte[] writeRequest(ActionRequest request) {
        return action(request.serviceType().urn(), request.actionName(), request.arguments());
    }

    /** A success envelope: {@code <u:actionResponse xmlns:u="serviceType">} with the out-arguments. */
    public static byte[] writeResponse(ActionResponse response) {
        return action(response.serviceType().urn(), response.actionName() + "Response", response.arguments());
    }

    /**
     * The answer to {@code QueryStateVariable}: {@code <u:QueryStateVariableResponse
     * xmlns:u="urn:schemas-upnp-org:control-1-0"><return>value</return>}.
     */
    public static byte[] writeQueryStateVariableResponse(String value) {
        return action(SoapReader.CONTROL_NS, "QueryStateVariableResponse", List.of(new ActionArgument("return",
                value)));
    }

    /**
     * A UPnP fault envelope: faultcode {@code s:Client}, faultstring {@code UPnPError}, and
     * {@code <detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0">} with the code and description. Sent with
     * HTTP 500.
     */
    public static byte[] writeFault(SoapFault fault) {
        checkText(fault.description());
        return envelope(w -> {
            w.writeStartElement(S, "Fault", SoapReader.ENVELOPE_NS);
            textElement(w, "faultcode", S + ":Client");
            textElement(w, "faultstring", "UPnPError");
            w.writeStartElement("detail");
            w.writeStartElement("", "UPnPError", SoapReader.CONTROL_NS);
            w.writeDefaultNamespace(SoapReader.CONTROL_NS);
            textElement(w, "", "errorCode", SoapReader.CONTROL_NS, Integer.toString(fault.errorCode()));
            textElement(w, "", "errorDescription", SoapReader.CONTROL_NS, fault.description());
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
        });
    }

    /**
     * A SOAP 1.1 {@code MustUnderstand} fault (no UPnP detail), the answer to a Header entry marked
     * {@code mustUnderstand="1"}. Sent with HTTP 500.
     */
    public static byte[] writeMustUnderstandFault() {
        return envelope(w -> {
            w.writeStartElement(S, "Fault", SoapReader.ENVELOPE_NS);
            textElement(w, "faultcode", S + ":MustUnderstand");
            textElement(w, "faultstring", "A header entry was not understood");
            w.writeEndElement();
        });
    }

    private static byte[] action(String namespace, String elementName, List<ActionArgument> arguments) {
        checkName(elementName);
        for (ActionArgument a : arguments) {
            checkName(a.name());
            checkText(a.value());
        }
        return envelope(w -> {
            w.writeStartElement(U, elementName, namespace);
            w.writeNamespace(U, namespace);
            for (ActionArgument a : arguments) {
                textElement(w, a.name(), a.value());
            }
            w.writeEndElement();
        });
    }

    @FunctionalInterface
    private interface BodyContent {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static byte[] envelope(BodyContent content) {
        StringWriter out = new StringWriter(512);
        out.write(DECLARATION);
        try {
            XMLStreamWriter w = SafeXml.writer(out);
            w.writeStartElement(S, "Envelope", SoapReader.ENVELOPE_NS);
            w.writeNamespace(S, SoapReader.ENVELOPE_NS);
            w.writeAttribute(S, SoapReader.ENVELOPE_NS, "encodingStyle", SoapReader.ENCODING_STYLE);
            w.writeStartElement(S, "Body", SoapReader.ENVELOPE_NS);
            content.write(w);
            w.writeEndElement();
            w.writeEndElement();
            w.close();
        } catch (XMLStreamException e) {
            // Names and text were checked above, so the writer has nothing left to refuse.
            throw new IllegalStateException("SOAP envelope could not be written", e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void textElement(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        writeEscaped(w, text);
        w.writeEndElement();
    }

    private static void textElement(XMLStreamWriter w, String prefix, String name, String ns, String text)
            throws XMLStreamException {
        w.writeStartElement(prefix, name, ns);
        writeEscaped(w, text);
        w.writeEndElement();
    }

    /** Writes text, with each carriage return as {@code &#13;} (a literal CR would be read back as LF). */
    private static void writeEscaped(XMLStreamWriter w, String text) throws XMLStreamException {
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\r') {
                if (i > start) {
                    w.writeCharacters(text.substring(start, i));
                }
                w.writeEntityRef("#13");
                start = i + 1;
            }
        }
        if (start < text.length()) {
            w.writeCharacters(text.substring(start));
        }
        if (text.isEmpty()) {
            w.writeCharacters("");
        }
    }

    /** Rejects names that are not XML NCNames (no colon), so the output is always well-formed. */
    static void checkName(String name) {
        if (name.isEmpty() || !isNameStart(name.codePointAt(0))) {
            throw new IllegalArgumentException("not an XML name");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!isNameChar(cp)) {
                throw new IllegalArgumentException("not an XML name");
            }
            i += Character.charCount(cp);
        }
    }

    /** Rejects text with characters outside XML 1.0's Char production (controls, lone surrogates, FFFE/FFFF). */
    static void checkText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            boolean ok = ch == 0x9 || ch == 0xA || ch == 0xD || (ch >= 0x20 && ch <= 0xD7FF)
                    || (ch >= 0xE000 && ch <= 0xFFFD);
            if (!ok) {
                throw new IllegalArgumentException("value holds a character XML cannot carry at index " + i);
            }
        }
    }

    // XML 1.0 fifth edition NameStartChar / NameChar, without ':'.
    static boolean isNameStart(int c) {
        return (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6)
                || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D)
                || (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F)
                || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF)
                || (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
    }

    static boolean isNameChar(int c) {
        return isNameStart(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7
                || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
    }
}
