package org.portcullis.upnp.gena.codec;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.portcullis.upnp.core.internal.xml.SafeXml;
import org.portcullis.upnp.gena.PropertySet;

/**
 * Writes the NOTIFY body: {@code <e:propertyset xmlns:e="urn:schemas-upnp-org:event-1-0">} with one
 * {@code <e:property>} per variable, each holding one unqualified element named after the variable (miniupnpd and
 * most control points expect it unqualified). Values are escaped by the XML writer. Thread-safe.
 */
public final class PropertySetWriter {
    /** The GENA event namespace. */
    public static final String NAMESPACE = "urn:schemas-upnp-org:event-1-0";

    private PropertySetWriter() {}

    /** The UTF-8 document for {@code set}. */
    public static byte[] write(PropertySet set) {
        StringWriter out = new StringWriter(128 + 64 * set.properties().size());
        try {
            XMLStreamWriter w = SafeXml.writer(out);
            w.writeStartDocument("utf-8", "1.0");
            w.writeStartElement("e", "propertyset", NAMESPACE);
            w.writeNamespace("e", NAMESPACE);
            for (var p : set.properties().entrySet()) {
                w.writeStartElement("e", "property", NAMESPACE);
                w.writeStartElement(p.getKey());
                w.writeCharacters(p.getValue());
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            // PropertySet admits only XML names and XML 1.0 text, so the writer has nothing to refuse.
            throw new IllegalStateException("property set not writable", e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
