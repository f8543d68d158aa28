package org.portcullis.upnp.soap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionRequest;
import org.portcullis.upnp.soap.ActionResponse;
import org.portcullis.upnp.soap.SoapFault;

class SoapWriterTest {
    private static final UpnpType WANIP = UpnpType.service("WANIPConnection", 1);
    private final SoapReader reader = SoapReader.create();

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void writesResponseInTheUdaShape() {
        String xml = text(SoapWriter.writeResponse(new ActionResponse(WANIP, "GetExternalIPAddress",
                List.of(new ActionArgument("NewExternalIPAddress", "203.0.113.7")))));
        assertThat(xml).isEqualTo("<?xml version=\"1.0\"?>\n"
                + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>"
                + "<u:GetExternalIPAddressResponse xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\">"
                + "<NewExternalIPAddress>203.0.113.7</NewExternalIPAddress></u:GetExternalIPAddressResponse>"
                + "</s:Body></s:Envelope>");
    }

    @Test
    void writesFaultInTheUdaShape() {
        String xml = text(SoapWriter.writeFault(new SoapFault(718, "ConflictInMappingEntry")));
        assertThat(xml).isEqualTo("<?xml version=\"1.0\"?>\n"
                + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><s:Fault>"
                + "<faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail>"
                + "<UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>718</errorCode>"
                + "<errorDescription>ConflictInMappingEntry</errorDescription></UPnPError></detail></s:Fault>"
                + "</s:Body></s:Envelope>");
    }

    @Test
    void escapesValuesSoTheyReadBackUnchanged() throws Exception {
        String nasty = "<u:x>&amp; ]]> \"'\r\n\r\t </s:Body> \ud83d\ude00";
        ActionRequest request = new ActionRequest(WANIP, "AddPortMapping",
                List.of(new ActionArgument("NewPortMappingDescription", nasty), new ActionArgument("Empty", "")));
        byte[] xml = SoapWriter.writeRequest(request);
        assertThat(text(xml)).doesNotContain("</s:Body> ").contains("&lt;u:x>&amp;amp;");
        assertThat(reader.readRequest(xml)).isEqualTo(request);
    }

    @Test
    void refusesWhatXmlCannotCarry() {
        assertThatThrownBy(() -> SoapWriter.writeRequest(new ActionRequest(WANIP, "X",
                List.of(new ActionArgument("A", "nul\u0000")))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoapWriter.writeRequest(new ActionRequest(WANIP, "X",
                List.of(new ActionArgument("A", "lone \ud800")))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoapWriter.writeRequest(new ActionRequest(WANIP, "X",
                List.of(new ActionArgument("1A", "")))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoapWriter.writeRequest(new ActionRequest(WANIP, "a:b", List.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoapWriter.writeFault(new SoapFault(501, "\u0001")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesMustUnderstandFault() {
        assertThat(text(SoapWriter.writeMustUnderstandFault()))
                .contains("<faultcode>s:MustUnderstand</faultcode>");
    }
}
