package org.portcullis.upnp.igd.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.igd.Protocol;
import org.portcullis.upnp.igd.client.GatewayException;
import org.portcullis.upnp.igd.client.RemoteMapping;

class MappingsTest {
    static final String LISTING = """
            <?xml version="1.0" encoding="UTF-8"?>
            <p:PortMappingList xmlns:p="urn:schemas-upnp-org:gw:WANIPConnection"
              xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <p:PortMappingEntry><p:NewRemoteHost></p:NewRemoteHost><p:NewExternalPort>18080</p:NewExternalPort>
            <p:NewProtocol>TCP</p:NewProtocol><p:NewInternalPort>8080</p:NewInternalPort>
            <p:NewInternalClient>192.168.77.2</p:NewInternalClient><p:NewEnabled>1</p:NewEnabled>
            <p:NewDescription>game &amp; chat</p:NewDescription><p:NewLeaseTime>3599</p:NewLeaseTime>
            </p:PortMappingEntry>
            <p:PortMappingEntry><p:NewRemoteHost>198.51.100.1</p:NewRemoteHost><p:NewExternalPort>5000</p:NewExternalPort>
            <p:NewProtocol>tcp</p:NewProtocol><p:NewInternalPort>5001</p:NewInternalPort>
            <p:NewInternalClient>192.168.77.3</p:NewInternalClient><p:NewEnabled>0</p:NewEnabled>
            <p:NewDescription></p:NewDescription><p:NewLeaseTime>0</p:NewLeaseTime>
            </p:PortMappingEntry>
            </p:PortMappingList>
            """;

    @Test
    void listingEntriesAreRead() throws Exception {
        List<RemoteMapping> l = Mappings.fromListing(LISTING, 10);
        assertThat(l).containsExactly(
                new RemoteMapping("", 18080, Protocol.TCP, 8080, "192.168.77.2", true, "game & chat",
                        Duration.ofSeconds(3599)),
                new RemoteMapping("198.51.100.1", 5000, Protocol.TCP, 5001, "192.168.77.3", false, "",
                        Duration.ZERO));
        assertThat(Mappings.fromListing(LISTING, 1)).hasSize(1);
        assertThat(Mappings.fromListing("  ", 10)).isEmpty();
    }

    @Test
    void badListingsAreMalformed() {
        for (String bad : List.of("<a>", "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
                LISTING.replace("18080", "70000"), LISTING.replace(">TCP<", ">SCTP<"),
                LISTING.replace("3599", "-1"))) {
            assertThatThrownBy(() -> Mappings.fromListing(bad, 10)).as(bad).isInstanceOf(GatewayException.class);
        }
    }

    @Test
    void genericEntryOutArguments() throws Exception {
        Map<String, String> out = new HashMap<>(Map.of("NewRemoteHost", "", "NewExternalPort", " 443 ",
                "NewProtocol", "UDP", "NewInternalPort", "8443", "NewInternalClient", "192.168.1.5",
                "NewEnabled", "1", "NewPortMappingDescription", "web", "NewLeaseDuration", "0"));
        assertThat(Mappings.fromGenericEntry(out)).isEqualTo(new RemoteMapping("", 443, Protocol.UDP, 8443,
                "192.168.1.5", true, "web", Duration.ZERO));
        out.remove("NewInternalPort");
        assertThatThrownBy(() -> Mappings.fromGenericEntry(out)).isInstanceOf(GatewayException.class);
    }
}
