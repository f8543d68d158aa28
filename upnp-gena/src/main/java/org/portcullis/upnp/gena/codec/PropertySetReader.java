package org.portcullis.upnp.gena.codec;

import com.ctc.wstx.exc.WstxLazyException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.portcullis.upnp.core.internal.xml.SafeXml;
import org.portcullis.upnp.core.internal.xml.XmlLimits;
import org.portcullis.upnp.gena.PropertySet;

/**
 * Reads a NOTIFY body into a {@link PropertySet}, for tests, fuzzing and control points. Bounded: at most
 * {@value #DEFAULT_MAX_BYTES} bytes and the {@link XmlLimits} defaults; a DOCTYPE or entity reference is refused
 * before anything is expanded. Accepts any prefix for the event namespace and a variable element in any namespace
 * (named by its local name); a variable appearing twice keeps its last value. Thread-safe.
 */
public final class PropertySetReader {
    /** Largest accepted document. */
    public static final int DEFAULT_MAX_BYTES = 16384;

    private static final XMLInputFactory FACTORY = SafeXml.inputFactory(XmlLimits.defaults());

    private PropertySetReader() {}

    /**
     * Parses a property set.
     *
     * @throws GenaDecodingException TOO_LONG, FORBIDDEN_XML (DOCTYPE, entity reference, processing instruction) or
     *                               MALFORMED (anything else, including invalid XML)
     */
    public static PropertySet read(byte[] document) throws GenaDecodingException {
        if (document.length > DEFAULT_MAX_BYTES) {
            throw new GenaDecodingException(GenaDecodingException.Reason.TOO_LONG, "property set too large");
        }
        try {
            XMLStreamReader r = SafeXml.reader(FACTORY, document);
            try {
                return parse(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException | WstxLazyException | IllegalArgumentException e) {
            // Woodstox reports syntax and limit errors as XMLStreamException, and those it finds while getText()
            // finishes a token (e.g. &#6;, found by fuzzing) as the unchecked WstxLazyException;
            // IllegalArgumentException comes from PropertySet for a name or value it cannot carry.
            throw new GenaDecodingException(GenaDecodingException.Reason.MALFORMED, "invalid property set XML");
        }
    }

    private static PropertySet parse(XMLStreamReader r) throws XMLStreamException, GenaDecodingException {
        Map<String, String> values = new LinkedHashMap<>();
        int depth = 0;
        String variable = null;
        StringBuilder text = new StringBuilder();
        boolean rootSeen = false;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    boolean eventNs = PropertySetWriter.NAMESPACE.equals(r.getNamespaceURI());
                    switch (depth) {
                        case 1 -> {
                            if (!eventNs || !r.getLocalName().equals("propertyset")) {
                                throw malformed("root is not e:propertyset");
                            }
                            rootSeen = true;
                        }
                        case 2 -> {
                            if (!eventNs || !r.getLocalName().equals("property")) {
                                throw malformed("child of propertyset is not e:property");
                            }
                        }
                        case 3 -> {
                            variable = r.getLocalName();
                            text.setLength(0);
                        }
                        default -> throw malformed("variable element holds markup");
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (depth == 3) {
                        values.put(variable, text.toString());
                        variable = null;
                    }
                    depth--;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (depth == 3) {
                        text.append(r.getText());
                    } else if (!r.isWhiteSpace()) {
                        throw malformed("text outside a variable");
                    }
                }
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE,
                        XMLStreamConstants.PROCESSING_INSTRUCTION -> throw new GenaDecodingException(
                                GenaDecodingException.Reason.FORBIDDEN_XML, "DOCTYPE, entity or PI in property set");
                default -> {
                    // comments, document start/end
                }
            }
        }
        if (!rootSeen) {
            throw malformed("no root element");
        }
        return new PropertySet(values);
    }

    private static GenaDecodingException malformed(String message) {
        return new GenaDecodingException(GenaDecodingException.Reason.MALFORMED, message);
    }
}
