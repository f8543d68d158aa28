package org.portcullis.upnp.soap.codec;

import com.ctc.wstx.exc.WstxLazyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.internal.xml.SafeXml;
import org.portcullis.upnp.core.internal.xml.XmlLimits;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionRequest;
import org.portcullis.upnp.soap.ActionResponse;
import org.portcullis.upnp.soap.ActionResult;
import org.portcullis.upnp.soap.SoapFault;
import org.portcullis.upnp.soap.codec.SoapDecodingException.Reason;

/**
 * Bounded, strict reader of UPnP SOAP 1.1 envelopes (UDA 1.1 §3.2).
 *
 * <pre>{@code
 * SoapReader reader = SoapReader.create();
 * ActionRequest request = reader.readRequest(body);   // device side
 * ActionResult result = reader.readResult(body);      // control point side: ActionResponse or SoapFault
 * }</pre>
 *
 * <p>What is accepted:
 * <ul>
 *   <li>UTF-8 only (with or without an XML declaration); no DOCTYPE anywhere (it is refused as soon as it is seen,
 *       before any entity could be declared or expanded); no entity references other than the five predefined
 *       ones and character references; no processing instructions; comments are ignored.</li>
 *   <li>Exactly one {@code Envelope} in the SOAP 1.1 namespace {@value #ENVELOPE_NS}, any prefix or a default
 *       namespace; {@code encodingStyle} is not required on input.</li>
 *   <li>An optional {@code Header}, skipped (within the XML limits) unless an entry carries
 *       {@code mustUnderstand="1"} ({@link Reason#MUST_UNDERSTAND}); then exactly one {@code Body}.</li>
 *   <li>The {@code Body} holds exactly one element: the action (or {@code <action>Response}, or {@code Fault}),
 *       qualified by a service type URN.</li>
 *   <li>Arguments are child elements holding text only (character data, CDATA, comments): no attributes, no child
 *       elements, unqualified or in the action's own namespace. Values are returned exactly as parsed (no
 *       trimming).</li>
 * </ul>
 *
 * <p>Sizes are bounded by the {@link XmlLimits} given at creation (defaults: depth
 * {@value XmlLimits#DEFAULT_MAX_DEPTH}, {@value XmlLimits#DEFAULT_MAX_ELEMENTS} elements, text nodes of
 * {@value XmlLimits#DEFAULT_MAX_TEXT_BYTES} characters); the caller caps the document's byte size before. Every
 * failure is a {@link SoapDecodingException}; no other exception escapes for any input. Thread-safe.
 */
public final class SoapReader {
    /** SOAP 1.1 envelope namespace. */
    public static final String ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    /** SOAP 1.1 encoding style, required by UDA on the Envelope. */
    public static final String ENCODING_STYLE = "http://schemas.xmlsoap.org/soap/encoding/";
    /** Namespace of {@code <UPnPError>} in a fault's detail. */
    public static final String CONTROL_NS = "urn:schemas-upnp-org:control-1-0";

    private static final String RESPONSE_SUFFIX = "Response";

    private final XMLInputFactory factory;

    private SoapReader(XmlLimits limits) {
        this.factory = SafeXml.inputFactory(Objects.requireNonNull(limits, "limits"));
    }

    /** A reader with {@link XmlLimits#defaults()}. */
    public static SoapReader create() {
        return new SoapReader(XmlLimits.defaults());
    }

    /** A reader with the given limits. */
    public static SoapReader create(XmlLimits limits) {
        return new SoapReader(limits);
    }

    /**
     * Reads an action request.
     *
     * @param document the complete request body
     * @return the action with its arguments in document order
     * @throws SoapDecodingException for anything but a well-formed request envelope; {@link Reason#INVALID_ACTION}
     *     if the body's element is not qualified by a service type URN
     */
    public ActionRequest readRequest(byte[] document) throws SoapDecodingException {
        Call call = read(document);
        if (call.fault() != null) {
            throw new SoapDecodingException(Reason.INVALID_ACTION, "a fault is not a request");
        }
        return new ActionRequest(serviceType(call.namespace()), call.name(), call.arguments());
    }

    /**
     * Reads a device's answer: an {@code <action>Response} or a UPnP {@code Fault}.
     *
     * @param document the complete response body
     * @return an {@link ActionResponse} (action name without the {@code Response} suffix) or a {@link SoapFault}
     * @throws SoapDecodingException for anything else
     */
    public ActionResult readResult(byte[] document) throws SoapDecodingException {
        Call call = read(document);
        if (call.fault() != null) {
            return call.fault();
        }
        String name = call.name();
        if (!name.endsWith(RESPONSE_SUFFIX) || name.length() == RESPONSE_SUFFIX.length()) {
            throw new SoapDecodingException(Reason.INVALID_ACTION, "body element is not an action response");
        }
        return new ActionResponse(serviceType(call.namespace()),
                name.substring(0, name.length() - RESPONSE_SUFFIX.length()), call.arguments());
    }

    /**
     * Reads a deprecated {@code QueryStateVariable} request (UDA 1.0 §3.3.2): the body element is
     * {@code QueryStateVariable} in {@value #CONTROL_NS} with exactly one {@code varName}, prefixed or not.
     *
     * @param document the complete request body
     * @return the variable name as sent
     * @throws SoapDecodingException {@link Reason#INVALID_ACTION} if the body is another action;
     *     {@link Reason#INVALID_ARGUMENT} if {@code varName} is missing, repeated or joined by other arguments
     */
    public String readQueryStateVariable(byte[] document) throws SoapDecodingException {
        Call call = read(document);
        if (call.fault() != null || !CONTROL_NS.equals(call.namespace())
                || !call.name().equals("QueryStateVariable")) {
            throw new SoapDecodingException(Reason.INVALID_ACTION, "body is not a QueryStateVariable");
        }
        List<ActionArgument> args = call.arguments();
        if (args.size() != 1 || !args.get(0).name().equals("varName")) {
            throw new SoapDecodingException(Reason.INVALID_ARGUMENT, "QueryStateVariable needs one varName");
        }
        return args.get(0).value();
    }

    private static UpnpType serviceType(String namespace) throws SoapDecodingException {
        UpnpType type;
        try {
            type = UpnpType.parse(namespace);
        } catch (IllegalArgumentException e) {
            throw new SoapDecodingException(Reason.INVALID_ACTION, "action namespace is not a type URN");
        }
        if (type.kind() != UpnpType.Kind.SERVICE) {
            throw new SoapDecodingException(Reason.INVALID_ACTION, "action namespace is not a service type");
        }
        return type;
    }

    /** The body element: an action (request or response) with arguments, or a fault. */
    private record Call(String namespace, String name, List<ActionArgument> arguments, SoapFault fault) {}

    private Call read(byte[] document) throws SoapDecodingException {
        Objects.requireNonNull(document, "document");
        XMLStreamReader r = null;
        try {
            r = SafeXml.reader(factory, document);
            checkEncoding(r);
            Call call = readEnvelope(new Cursor(r));
            return call;
        } catch (XMLStreamException e) {
            throw translate(e);
        } catch (WstxLazyException e) {
            throw translate(e.getCause() instanceof XMLStreamException x ? x : new XMLStreamException(e.getMessage()));
        } finally {
            close(r);
        }
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException e) {
                // Closing a reader over a byte array releases buffers only; nothing to report.
            }
        }
    }

    private static void checkEncoding(XMLStreamReader r) throws SoapDecodingException {
        String declared = r.getCharacterEncodingScheme();
        String detected = r.getEncoding();
        if ((declared != null && !isUtf8(declared)) || (detected != null && !isUtf8(detected))) {
            throw new SoapDecodingException(Reason.MALFORMED_XML, "only UTF-8 documents are accepted");
        }
    }

    private static boolean isUtf8(String encoding) {
        String e = encoding.toUpperCase(Locale.ROOT);
        return e.equals("UTF-8") || e.equals("UTF8");
    }

    private static SoapDecodingException translate(XMLStreamException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        Reason reason;
        if (lower.contains("limit")) {
            reason = Reason.LIMIT_EXCEEDED;
        } else if (lower.contains("entity")) {
            reason = Reason.ENTITY_REFERENCE;
        } else {
            reason = Reason.MALFORMED_XML;
        }
        // Woodstox messages quote parts of the input; keep only the first line, which names the problem.
        int nl = message.indexOf('\n');
        String first = nl < 0 ? message : message.substring(0, nl);
        return new SoapDecodingException(reason, first.length() > 120 ? first.substring(0, 120) : first);
    }

    private static Call readEnvelope(Cursor c) throws XMLStreamException, SoapDecodingException {
        c.nextStructural(); // the root element
        if (!c.r.isStartElement() || !c.isSoap("Envelope")) {
            throw new SoapDecodingException(Reason.NOT_SOAP_ENVELOPE, "root is not a SOAP 1.1 Envelope");
        }
        c.nextStructural();
        if (c.r.isStartElement() && c.isSoap("Header")) {
            readHeader(c);
            c.nextStructural();
        }
        if (!c.r.isStartElement() || !c.isSoap("Body")) {
            throw new SoapDecodingException(Reason.NOT_SOAP_ENVELOPE, "Envelope has no Body");
        }
        Call call = readBody(c);
        c.nextStructural();
        if (!c.r.isEndElement()) {
            throw new SoapDecodingException(Reason.NOT_SOAP_ENVELOPE, "content after Body");
        }
        c.nextStructural(); // reads to the end and lets the parser check what trails the root
        if (c.r.getEventType() != XMLStreamConstants.END_DOCUMENT) {
            throw new SoapDecodingException(Reason.NOT_SOAP_ENVELOPE, "content after Envelope");
        }
        return call;
    }

    private static void readHeader(Cursor c) throws XMLStreamException, SoapDecodingException {
        while (true) {
            c.nextStructural();
            if (c.r.isEndElement()) {
                return;
            }
            String mu = c.r.getAttributeValue(ENVELOPE_NS, "mustUnderstand");
            if (mu != null && (mu.trim().equals("1") || mu.trim().equals("true"))) {
                throw new SoapDecodingException(Reason.MUST_UNDERSTAND, "a Header entry must be understood");
            }
            c.skipElement();
        }
    }

    private static Call readBody(Cursor c) throws XMLStreamException, SoapDecodingException {
        c.nextStructural();
        if (!c.r.isStartElement()) {
            throw new SoapDecodingException(Reason.INVALID_ACTION, "Body is empty");
        }
        String ns = c.r.getNamespaceURI();
        String name = c.r.getLocalName();
        Call call;
        if (c.isSoap("Fault")) {
            call = new Call(ns, name, List.of(), readFault(c));
        } else {
            if (ns == null || ns.isEmpty()) {
                throw new SoapDecodingException(Reason.INVALID_ACTION, "action element has no namespace");
            }
            call = new Call(ns, name, readArguments(c, ns), null);
        }
        c.nextStructural();
        if (!c.r.isEndElement()) {
            throw new SoapDecodingException(Reason.INVALID_ACTION, "Body holds more than one element");
        }
        return call;
    }

    private static List<ActionArgument> readArguments(Cursor c, String actionNs)
            throws XMLStreamException, SoapDecodingException {
        List<ActionArgument> args = new ArrayList<>();
        while (true) {
            c.nextInAction();
            if (c.r.isEndElement()) {
                return args;
            }
            String ns = c.r.getNamespaceURI();
            if (ns != null && !ns.isEmpty() && !ns.equals(actionNs)) {
                throw new SoapDecodingException(Reason.INVALID_ARGUMENT, "argument in a foreign namespace");
            }
            if (c.r.getAttributeCount() != 0) {
                throw new SoapDecodingException(Reason.INVALID_ARGUMENT, "argument with attributes");
            }
            String name = c.r.getLocalName();
            args.add(new ActionArgument(name, c.readText()));
        }
    }

    private static SoapFault readFault(Cursor c) throws XMLStreamException, SoapDecodingException {
        Integer code = null;
        String description = "";
        while (true) {
            c.nextStructural();
            if (c.r.isEndElement()) {
                break;
            }
            if (c.r.getLocalName().equals("detail")) {
                while (true) {
                    c.nextStructural();
                    if (c.r.isEndElement()) {
                        break;
                    }
                    if (!c.r.getLocalName().equals("UPnPError")) {
                        c.skipElement();
                        continue;
                    }
                    while (true) {
                        c.nextStructural();
                        if (c.r.isEndElement()) {
                            break;
                        }
                        String field = c.r.getLocalName();
                        String text = c.readText();
                        if (field.equals("errorCode")) {
                            code = parseCode(text);
                        } else if (field.equals("errorDescription")) {
                            description = text;
                        }
                    }
                }
            } else {
                c.skipElement();
            }
        }
        if (code == null) {
            throw new SoapDecodingException(Reason.INVALID_FAULT, "fault without a UPnP errorCode");
        }
        return new SoapFault(code, description);
    }

    private static int parseCode(String text) throws SoapDecodingException {
        String t = text.trim();
        if (t.isEmpty() || t.length() > 9 || !t.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new SoapDecodingException(Reason.INVALID_FAULT, "errorCode is not a number");
        }
        return Integer.parseInt(t);
    }

    /** Event-level helpers over one reader. */
    private static final class Cursor {
        final XMLStreamReader r;

        Cursor(XMLStreamReader r) {
            this.r = r;
        }

        boolean isSoap(String localName) {
            return ENVELOPE_NS.equals(r.getNamespaceURI()) && localName.equals(r.getLocalName());
        }

        /** Advances to the next element boundary (or document end); only whitespace and comments may lie between. */
        void nextStructural() throws XMLStreamException, SoapDecodingException {
            next(Reason.NOT_SOAP_ENVELOPE, "text between elements");
        }

        /** Like {@link #nextStructural()}, but stray text inside the action element is an argument error. */
        void nextInAction() throws XMLStreamException, SoapDecodingException {
            next(Reason.INVALID_ARGUMENT, "text outside arguments");
        }

        private void next(Reason strayText, String message) throws XMLStreamException, SoapDecodingException {
            while (true) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT,
                            XMLStreamConstants.END_DOCUMENT -> {
                        return;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE, XMLStreamConstants.CDATA -> {
                        if (!r.isWhiteSpace()) {
                            throw new SoapDecodingException(strayText, message);
                        }
                    }
                    default -> other(event);
                }
            }
        }

        /** The text content of the current element, which must hold no elements; ends on its end tag. */
        String readText() throws XMLStreamException, SoapDecodingException {
            StringBuilder b = new StringBuilder();
            while (true) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.END_ELEMENT -> {
                        return b.toString();
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE, XMLStreamConstants.CDATA ->
                            b.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    case XMLStreamConstants.START_ELEMENT ->
                            throw new SoapDecodingException(Reason.INVALID_ARGUMENT, "element inside a value");
                    default -> other(event);
                }
            }
        }

        /** Skips the current element's subtree (bounded by the parser's depth and count limits). */
        void skipElement() throws XMLStreamException, SoapDecodingException {
            int depth = 1;
            while (depth > 0) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> depth++;
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE, XMLStreamConstants.CDATA -> {
                        // ignored content
                    }
                    default -> other(event);
                }
            }
        }

        private static void other(int event) throws SoapDecodingException {
            switch (event) {
                case XMLStreamConstants.COMMENT -> {
                    // comments are allowed anywhere and ignored
                }
                case XMLStreamConstants.DTD ->
                        throw new SoapDecodingException(Reason.DOCTYPE, "DOCTYPE is not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new SoapDecodingException(Reason.ENTITY_REFERENCE, "entity references are not allowed");
                case XMLStreamConstants.PROCESSING_INSTRUCTION ->
                        throw new SoapDecodingException(Reason.PROCESSING_INSTRUCTION,
                                "processing instructions are not allowed");
                default -> throw new SoapDecodingException(Reason.MALFORMED_XML, "unexpected XML event " + event);
            }
        }
    }
}
