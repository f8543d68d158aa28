package org.portcullis.upnp.core.internal.xml;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import java.io.ByteArrayInputStream;
import java.io.Writer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * The only place where XML factories are built. Readers have DTD support, external entities, entity replacement
 * and coalescing off, and the {@link XmlLimits} applied by Woodstox itself; a JDK default factory is never used
 * (XXE and entity-expansion attacks, see spec/security.md). Callers must still treat a {@code DTD} event as an
 * error: with DTD support off Woodstox reports the DOCTYPE but never reads or expands it.
 */
public final class SafeXml {
    private static final WstxOutputFactory OUTPUT = newOutputFactory();

    private SafeXml() {}

    /** A new hardened input factory with the given limits. Factories are thread-safe once configured. */
    public static XMLInputFactory inputFactory(XmlLimits limits) {
        WstxInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_VALIDATING, Boolean.FALSE);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not allowed");
        });
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth());
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, (long) limits.maxElements());
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, limits.maxAttributesPerElement());
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, limits.maxAttributeBytes());
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, limits.maxTextBytes());
        f.setProperty(WstxInputProperties.P_MAX_CHARACTERS, limits.maxTotalCharacters());
        // DTDs are off, so no entity can be declared; 1 is Woodstox's smallest accepted cap.
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
        f.setProperty(WstxInputProperties.P_ALLOW_XML11_ESCAPED_CHARS_IN_XML10, Boolean.FALSE);
        return f;
    }

    /** A reader over a complete, already size-capped document. */
    public static XMLStreamReader reader(XMLInputFactory factory, byte[] document) throws XMLStreamException {
        return factory.createXMLStreamReader(new ByteArrayInputStream(document));
    }

    /** A writer that escapes text and attribute values. */
    public static XMLStreamWriter writer(Writer out) throws XMLStreamException {
        return OUTPUT.createXMLStreamWriter(out);
    }

    private static WstxOutputFactory newOutputFactory() {
        WstxOutputFactory f = new WstxOutputFactory();
        f.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, Boolean.FALSE);
        return f;
    }
}
