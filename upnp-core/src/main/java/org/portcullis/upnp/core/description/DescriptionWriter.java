package org.portcullis.upnp.core.description;

import java.io.StringWriter;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.portcullis.upnp.core.internal.xml.SafeXml;

/**
 * Writes device descriptions ({@code urn:schemas-upnp-org:device-1-0}) and SCPDs
 * ({@code urn:schemas-upnp-org:service-1-0}) as UTF-8 XML text (UDA 1.1 §2.3, §2.5). All values are escaped by the
 * XML writer. Stateless and thread-safe.
 *
 * <p>No {@code URLBase} is written: UDA 1.1 deprecates it, and control points resolve relative URLs against the
 * description URL they fetched, which keeps one document valid for every LAN address the device serves on.
 */
public final class DescriptionWriter {
    /** Device description namespace. */
    public static final String DEVICE_NS = "urn:schemas-upnp-org:device-1-0";
    /** SCPD namespace. */
    public static final String SERVICE_NS = "urn:schemas-upnp-org:service-1-0";

    private final int specMajor;
    private final int specMinor;

    /**
     * @param specMajor {@code specVersion/major}, 1
     * @param specMinor {@code specVersion/minor}; 0 keeps IGD:1-era control points (Windows) content
     */
    public DescriptionWriter(int specMajor, int specMinor) {
        this.specMajor = specMajor;
        this.specMinor = specMinor;
    }

    /** UDA 1.0 spec version, the most compatible. */
    public static DescriptionWriter uda10() {
        return new DescriptionWriter(1, 0);
    }

    /** The device description document of {@code root}. */
    public String deviceDescription(DeviceDescription root) {
        StringWriter out = new StringWriter(4096);
        try {
            XMLStreamWriter w = SafeXml.writer(out);
            w.writeStartDocument("utf-8", "1.0");
            w.writeStartElement("root");
            w.writeDefaultNamespace(DEVICE_NS);
            specVersion(w);
            device(w, root);
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write description", e);
        }
        return out.toString();
    }

    /** The SCPD document of a service. */
    public String scpd(Scpd scpd) {
        StringWriter out = new StringWriter(8192);
        try {
            XMLStreamWriter w = SafeXml.writer(out);
            w.writeStartDocument("utf-8", "1.0");
            w.writeStartElement("scpd");
            w.writeDefaultNamespace(SERVICE_NS);
            specVersion(w);
            w.writeStartElement("actionList");
            for (Action a : scpd.actions()) {
                w.writeStartElement("action");
                text(w, "name", a.name());
                if (!a.arguments().isEmpty()) {
                    w.writeStartElement("argumentList");
                    for (Argument arg : a.arguments()) {
                        w.writeStartElement("argument");
                        text(w, "name", arg.name());
                        text(w, "direction", arg.direction().token());
                        text(w, "relatedStateVariable", arg.relatedStateVariable());
                        w.writeEndElement();
                    }
                    w.writeEndElement();
                }
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeStartElement("serviceStateTable");
            for (StateVariable v : scpd.stateVariables()) {
                w.writeStartElement("stateVariable");
                w.writeAttribute("sendEvents", v.sendEvents() ? "yes" : "no");
                text(w, "name", v.name());
                text(w, "dataType", v.dataType().token());
                if (v.defaultValue().isPresent()) {
                    text(w, "defaultValue", v.defaultValue().get());
                }
                if (!v.allowedValues().isEmpty()) {
                    w.writeStartElement("allowedValueList");
                    for (String s : v.allowedValues()) {
                        text(w, "allowedValue", s);
                    }
                    w.writeEndElement();
                }
                if (v.range().isPresent()) {
                    StateVariable.Range r = v.range().get();
                    w.writeStartElement("allowedValueRange");
                    text(w, "minimum", Long.toString(r.minimum()));
                    text(w, "maximum", Long.toString(r.maximum()));
                    text(w, "step", Long.toString(r.step()));
                    w.writeEndElement();
                }
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write SCPD", e);
        }
        return out.toString();
    }

    private void specVersion(XMLStreamWriter w) throws XMLStreamException {
        w.writeStartElement("specVersion");
        text(w, "major", Integer.toString(specMajor));
        text(w, "minor", Integer.toString(specMinor));
        w.writeEndElement();
    }

    private static void device(XMLStreamWriter w, DeviceDescription d) throws XMLStreamException {
        w.writeStartElement("device");
        text(w, "deviceType", d.deviceType().urn());
        text(w, "friendlyName", d.friendlyName());
        text(w, "manufacturer", d.manufacturer());
        if (d.modelDescription().isPresent()) {
            text(w, "modelDescription", d.modelDescription().get());
        }
        text(w, "modelName", d.modelName());
        if (d.modelNumber().isPresent()) {
            text(w, "modelNumber", d.modelNumber().get());
        }
        if (d.serialNumber().isPresent()) {
            text(w, "serialNumber", d.serialNumber().get());
        }
        text(w, "UDN", d.udn().toString());
        if (!d.services().isEmpty()) {
            w.writeStartElement("serviceList");
            for (ServiceDescription s : d.services()) {
                w.writeStartElement("service");
                text(w, "serviceType", s.serviceType().urn());
                text(w, "serviceId", s.serviceId());
                text(w, "SCPDURL", s.scpdUrl());
                text(w, "controlURL", s.controlUrl());
                text(w, "eventSubURL", s.eventSubUrl());
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        if (!d.devices().isEmpty()) {
            w.writeStartElement("deviceList");
            for (DeviceDescription child : d.devices()) {
                device(w, child);
            }
            w.writeEndElement();
        }
        if (d.presentationUrl().isPresent()) {
            text(w, "presentationURL", d.presentationUrl().get());
        }
        w.writeEndElement();
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(value);
        w.writeEndElement();
    }
}
