package org.portcullis.upnp.soap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.internal.xml.XmlLimits;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionRequest;
import org.portcullis.upnp.soap.ActionResponse;
import org.portcullis.upnp.soap.ActionResult;
import org.portcullis.upnp.soap.SoapFault;
import org.portcullis.upnp.soap.codec.SoapDecodingException.Reason;

class SoapReaderTest {
    static final String WANIP = "urn:schemas-upnp-org:service:WANIPConnection:1";
    static final String ENV = "http://schemas.xmlsoap.org/soap/envelope/";

    private final SoapReader reader = SoapReader.create();

    /** An envelope around {@code body}, as miniupnpc writes it. */
    static String envelope(String body) {
        return "<?xml version=\"1.0\"?>\n<s:Envelope xmlns:s=\"" + ENV + "\" "
                + "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>" + body
                + "</s:Body></s:Envelope>";
    }

    static String action(String name, String args) {
        return "<u:" + name + " xmlns:u=\"" + WANIP + "\">" + args + "</u:" + name + ">";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] golden(String name) throws IOException {
        try (InputStream in = SoapReaderTest.class.getResourceAsStream("/golden/soap/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private SoapDecodingException rejected(String document) {
        return rejected(bytes(document));
    }

    private SoapDecodingException rejected(byte[] document) {
        try {
            ActionRequest r = reader.readRequest(document);
            throw new AssertionError("accepted: " + r);
        } catch (SoapDecodingException e) {
            return e;
        }
    }

    @Test
    void readsMiniupnpcAddPortMapping() throws Exception {
        ActionRequest r = reader.readRequest(golden("miniupnpc-2.2.4-AddPortMapping.xml"));
        assertThat(r.serviceType()).isEqualTo(UpnpType.service("WANIPConnection", 1));
        assertThat(r.actionName()).isEqualTo("AddPortMapping");
        assertThat(r.arguments()).containsExactly(
                new ActionArgument("NewRemoteHost", ""),
                new ActionArgument("NewExternalPort", "51413"),
                new ActionArgument("NewProtocol", "TCP"),
                new ActionArgument("NewInternalPort", "51413"),
                new ActionArgument("NewInternalClient", "192.168.1.20"),
                new ActionArgument("NewEnabled", "1"),
                new ActionArgument("NewPortMappingDescription", "libminiupnpc"),
                new ActionArgument("NewLeaseDuration", "3600"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DeletePortMapping", "GetExternalIPAddress", "GetGenericPortMappingEntry",
            "GetStatusInfo"})
    void readsOtherMiniupnpcRequests(String name) throws Exception {
        ActionRequest r = reader.readRequest(golden("miniupnpc-2.2.4-" + name + ".xml"));
        assertThat(r.actionName()).isEqualTo(name);
        assertThat(r.serviceType().type()).isEqualTo("WANIPConnection");
    }

    @Test
    void acceptsAnyPrefixAndDefaultNamespaces() throws Exception {
        String other = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"" + ENV + "\"><SOAP-ENV:Body>"
                + "<m:GetExternalIPAddress xmlns:m=\"" + WANIP + "\"/></SOAP-ENV:Body></SOAP-ENV:Envelope>";
        assertThat(reader.readRequest(bytes(other)).actionName()).isEqualTo("GetExternalIPAddress");
        String defaults = "<Envelope xmlns=\"" + ENV + "\"><Body><DeletePortMapping xmlns=\"" + WANIP + "\">"
                + "<NewRemoteHost/><NewExternalPort>1</NewExternalPort><NewProtocol>UDP</NewProtocol>"
                + "</DeletePortMapping></Body></Envelope>";
        ActionRequest r = reader.readRequest(bytes(defaults));
        assertThat(r.arguments()).extracting(ActionArgument::name)
                .containsExactly("NewRemoteHost", "NewExternalPort", "NewProtocol");
        assertThat(r.argument("NewRemoteHost")).hasValue("");
    }

    @Test
    void acceptsArgumentsQualifiedWithTheActionNamespace() throws Exception {
        ActionRequest r = reader.readRequest(bytes(envelope(action("X", "<u:A>1</u:A>"))));
        assertThat(r.arguments()).containsExactly(new ActionArgument("A", "1"));
    }

    @Test
    void decodesPredefinedEntitiesCharacterReferencesAndCdata() throws Exception {
        ActionRequest r = reader.readRequest(bytes(envelope(action("X",
                "<A>a &amp; b &lt;c&gt; &quot;&apos; &#65;&#x42;</A><B><![CDATA[<x>&amp;]]></B>"
                        + "<C> two  spaces\n</C><!-- comment --><D>\u00e9\u20ac\ud83d\ude00</D>"))));
        assertThat(r.arguments()).containsExactly(
                new ActionArgument("A", "a & b <c> \"' AB"),
                new ActionArgument("B", "<x>&amp;"),
                new ActionArgument("C", " two  spaces\n"),
                new ActionArgument("D", "\u00e9\u20ac\ud83d\ude00"));
    }

    @Test
    void ignoresHeaderEntriesUnlessTheyMustBeUnderstood() throws Exception {
        String header = "<s:Envelope xmlns:s=\"" + ENV + "\"><s:Header><t:Trace xmlns:t=\"urn:x\"><t:a>1</t:a>"
                + "</t:Trace></s:Header><s:Body>" + action("X", "") + "</s:Body></s:Envelope>";
        assertThat(reader.readRequest(bytes(header)).actionName()).isEqualTo("X");
        String mu = header.replace("<t:Trace ", "<t:Trace s:mustUnderstand=\"1\" ");
        assertThat(rejected(mu).reason()).isEqualTo(Reason.MUST_UNDERSTAND);
    }

    @Test
    void rejectsWrongEnvelopes() {
        assertThat(rejected("").reason()).isEqualTo(Reason.MALFORMED_XML);
        assertThat(rejected("<a/>").reason()).isEqualTo(Reason.NOT_SOAP_ENVELOPE);
        assertThat(rejected(envelope(action("X", "")).replace(ENV, "http://www.w3.org/2003/05/soap-envelope"))
                .reason()).isEqualTo(Reason.NOT_SOAP_ENVELOPE);
        assertThat(rejected("<s:Envelope xmlns:s=\"" + ENV + "\"/>").reason()).isEqualTo(Reason.NOT_SOAP_ENVELOPE);
        assertThat(rejected("<s:Envelope xmlns:s=\"" + ENV + "\"><s:Body>" + action("X", "")
                + "</s:Body><s:Body/></s:Envelope>").reason()).isEqualTo(Reason.NOT_SOAP_ENVELOPE);
        assertThat(rejected(envelope(action("X", "")).replace("<s:Body>", "<s:Body>text"))
                .reason()).isEqualTo(Reason.NOT_SOAP_ENVELOPE);
        assertThat(rejected(envelope(action("X", "")) + "<s:Envelope/>").reason()).isEqualTo(Reason.MALFORMED_XML);
        assertThat(rejected(envelope(action("X", "")).substring(0, 120)).reason()).isEqualTo(Reason.MALFORMED_XML);
    }

    @Test
    void rejectsWrongActionElements() {
        assertThat(rejected(envelope("")).reason()).isEqualTo(Reason.INVALID_ACTION);
        assertThat(rejected(envelope("<X/>")).reason()).isEqualTo(Reason.INVALID_ACTION);
        assertThat(rejected(envelope(action("X", "") + action("Y", ""))).reason()).isEqualTo(Reason.INVALID_ACTION);
        assertThat(rejected(envelope("<u:X xmlns:u=\"urn:schemas-upnp-org:device:X:1\"/>")).reason())
                .isEqualTo(Reason.INVALID_ACTION);
        assertThat(rejected(envelope("<u:X xmlns:u=\"http://example.com/\"/>")).reason())
                .isEqualTo(Reason.INVALID_ACTION);
    }

    @Test
    void rejectsArgumentsThatAreNotPlainText() {
        assertThat(rejected(envelope(action("X", "<A b=\"1\">v</A>"))).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        assertThat(rejected(envelope(action("X", "<A><B/></A>"))).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        assertThat(rejected(envelope(action("X", "text<A/>"))).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        assertThat(rejected(envelope(action("X", "<o:A xmlns:o=\"urn:other\"/>"))).reason())
                .isEqualTo(Reason.INVALID_ARGUMENT);
    }

    @Test
    void rejectsProcessingInstructionsAndOtherEncodings() {
        assertThat(rejected(envelope(action("X", "<?php x?>"))).reason()).isEqualTo(Reason.PROCESSING_INSTRUCTION);
        assertThat(rejected(envelope(action("X", ""))
                .replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>")).reason())
                .isEqualTo(Reason.MALFORMED_XML);
        byte[] utf16 = envelope(action("X", "")).replace("<?xml version=\"1.0\"?>\n", "")
                .getBytes(StandardCharsets.UTF_16);
        assertThat(rejected(utf16).reason()).isEqualTo(Reason.MALFORMED_XML);
    }

    // --- XML attacks: each is refused before anything is expanded or fetched.

    @Test
    void rejectsDoctypeWithInternalSubset() {
        String doc = "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY x \"INJECTED\">]>"
                + envelope(action("X", "<A>&x;</A>")).substring("<?xml version=\"1.0\"?>\n".length());
        SoapDecodingException e = rejected(doc);
        assertThat(e.reason()).isEqualTo(Reason.DOCTYPE);
        assertThat(e.getMessage()).doesNotContain("INJECTED");
    }

    @Test
    void rejectsExternalEntityWithoutReadingIt() {
        String doc = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<s:Envelope xmlns:s=\"" + ENV + "\"><s:Body>" + action("X", "<A>&xxe;</A>")
                + "</s:Body></s:Envelope>";
        SoapDecodingException e = rejected(doc);
        assertThat(e.reason()).isEqualTo(Reason.DOCTYPE);
        assertThat(e.getMessage()).doesNotContain("root:");
        // Without a DOCTYPE the reference is undeclared, and still nothing is read.
        SoapDecodingException plain = rejected(envelope(action("X", "<A>&xxe;</A>")));
        assertThat(plain.reason()).isIn(Reason.ENTITY_REFERENCE, Reason.MALFORMED_XML);
        assertThat(plain.getMessage()).doesNotContain("root:");
    }

    @Test
    void rejectsExternalDtd() {
        String doc = "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope SYSTEM \"http://127.0.0.1:9/evil.dtd\">"
                + envelope(action("X", "")).substring("<?xml version=\"1.0\"?>\n".length());
        assertThat(rejected(doc).reason()).isEqualTo(Reason.DOCTYPE);
    }

    @Test
    void rejectsBillionLaughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append("&lol").append(i == 1 ? "" : Integer.toString(i - 1)).append(';');
            }
            dtd.append("\">");
        }
        dtd.append("]>");
        String doc = "<?xml version=\"1.0\"?>" + dtd + envelope(action("X", "<A>&lol9;</A>"))
                .substring("<?xml version=\"1.0\"?>\n".length());
        long start = System.nanoTime();
        assertThat(rejected(doc).reason()).isEqualTo(Reason.DOCTYPE);
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void rejectsXInclude() {
        String xi = "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" "
                + "parse=\"text\"/>";
        assertThat(rejected(envelope(action("X", "<A>" + xi + "</A>"))).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        assertThat(rejected(envelope(action("X", xi))).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        assertThat(rejected(envelope(xi)).reason()).isEqualTo(Reason.INVALID_ACTION);
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "<a>".repeat(10_000) + "</a>".repeat(10_000);
        // Inside an argument the first child element already ends parsing.
        assertThat(rejected(envelope(action("X", "<A>" + deep + "</A>"))).reason()).isEqualTo(Reason.INVALID_ARGUMENT);
        // In a skipped Header, or as the whole document, the parser's depth limit stops it.
        assertThat(rejected("<s:Envelope xmlns:s=\"" + ENV + "\"><s:Header>" + deep + "</s:Header><s:Body>"
                + action("X", "") + "</s:Body></s:Envelope>").reason()).isEqualTo(Reason.LIMIT_EXCEEDED);
        assertThat(rejected(deep).reason()).isIn(Reason.LIMIT_EXCEEDED, Reason.NOT_SOAP_ENVELOPE);
    }

    @Test
    void rejectsHugeText() {
        String huge = "x".repeat(XmlLimits.DEFAULT_MAX_TEXT_BYTES + 1);
        assertThat(rejected(envelope(action("X", "<A>" + huge + "</A>"))).reason())
                .isEqualTo(Reason.LIMIT_EXCEEDED);
        String many = "<A>x</A>".repeat(XmlLimits.DEFAULT_MAX_ELEMENTS + 1);
        assertThat(rejected(envelope(action("X", many))).reason()).isEqualTo(Reason.LIMIT_EXCEEDED);
    }

    @Test
    void rejectsHugeHeader() {
        String header = "<s:Envelope xmlns:s=\"" + ENV + "\"><s:Header>" + "<h>x</h>".repeat(1000)
                + "</s:Header><s:Body>" + action("X", "") + "</s:Body></s:Envelope>";
        assertThat(rejected(header).reason()).isEqualTo(Reason.LIMIT_EXCEEDED);
    }

    @Test
    void readsResponsesAndFaults() throws Exception {
        ActionResult ok = reader.readResult(bytes(envelope(action("GetExternalIPAddressResponse",
                "<NewExternalIPAddress>203.0.113.7</NewExternalIPAddress>"))));
        assertThat(ok).isEqualTo(new ActionResponse(UpnpType.service("WANIPConnection", 1), "GetExternalIPAddress",
                List.of(new ActionArgument("NewExternalIPAddress", "203.0.113.7"))));
        ActionResult fault = reader.readResult(SoapWriter.writeFault(new SoapFault(718, "ConflictInMappingEntry")));
        assertThat(fault).isEqualTo(new SoapFault(718, "ConflictInMappingEntry"));
        assertThatThrownBy(() -> reader.readResult(bytes(envelope(action("GetExternalIPAddress", "")))))
                .isInstanceOfSatisfying(SoapDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ACTION));
        String noCode = envelope("<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring>"
                + "</s:Fault>");
        assertThatThrownBy(() -> reader.readResult(bytes(noCode)))
                .isInstanceOfSatisfying(SoapDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_FAULT));
        assertThatThrownBy(() -> reader.readRequest(SoapWriter.writeFault(new SoapFault(501, "Action Failed"))))
                .isInstanceOfSatisfying(SoapDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ACTION));
    }
}
