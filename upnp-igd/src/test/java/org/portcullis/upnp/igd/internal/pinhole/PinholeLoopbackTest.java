package org.portcullis.upnp.igd.internal.pinhole;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.igd.Igd;
import org.portcullis.upnp.igd.IgdConfig;
import org.portcullis.upnp.igd.LoopbackHttp;

/**
 * WANIPv6FirewallControl:1 wired into the whole IGD, over real HTTP and SOAP on [::1]. The requester ::1 is also the
 * gateway's own address, so a successful AddPinhole is covered by {@link PinholeActionsTest} and PinholeIT.
 */
class PinholeLoopbackTest {
    private static final String FC = "urn:schemas-upnp-org:service:WANIPv6FirewallControl:1";
    private static Igd igd;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        LanInterface lo = new LanInterface("lo", 1, List.of(
                new LanAddress(InetAddress.getByName("127.0.0.1"), 8), new LanAddress(InetAddress.getByName("::1"),
                        128)));
        igd = Igd.start(IgdConfig.builder().lanInterface(lo).ssdpEnabled(false).httpPort(0).build());
        base = "http://[::1]:" + igd.httpPort();
    }

    @AfterAll
    static void stop() {
        if (igd != null) {
            igd.close();
        }
    }

    @Test
    void igd2ViewOffersTheServiceAndIgd1ViewDoesNot() throws Exception {
        assertThat(get("/rootDesc.xml", null).body()).contains("<serviceType>" + FC + "</serviceType>")
                .contains("<serviceId>urn:upnp-org:serviceId:WANIPv6Firewall1</serviceId>")
                .contains("<controlURL>/ctl/IP6FCtl</controlURL>");
        assertThat(get("/rootDesc.xml", "Microsoft-Windows/10.0 UPnP/1.0").body()).doesNotContain(FC);
        assertThat(get("/WANIP6FC.xml", null).body()).contains("<name>AddPinhole</name>")
                .contains("<name>NewLeaseTime</name>").contains("sendEvents=\"yes\"");
    }

    @Test
    void firewallStatusAndErrorCodesOverSoap() throws Exception {
        HttpResponse<String> status = post("GetFirewallStatus", "");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("<FirewallEnabled>1</FirewallEnabled>")
                .contains("<InboundPinholeAllowed>1</InboundPinholeAllowed>");
        assertThat(post("AddPinhole", add("::1", 8080, 6, 60)).body()).contains("<errorCode>606</errorCode>");
        assertThat(post("AddPinhole", add("::1", 8080, 65535, 60)).body()).contains("<errorCode>707</errorCode>");
        assertThat(post("AddPinhole", add("::1", 8080, 47, 60)).body()).contains("<errorCode>705</errorCode>");
        assertThat(post("AddPinhole", add("::1", 0, 6, 60)).body()).contains("<errorCode>706</errorCode>");
        assertThat(post("AddPinhole", add("", 8080, 6, 60)).body()).contains("<errorCode>708</errorCode>");
        assertThat(post("AddPinhole", add("::1", 8080, 6, 0)).body()).contains("<errorCode>402</errorCode>");
        assertThat(post("DeletePinhole", "<UniqueID>7</UniqueID>").body()).contains("<errorCode>704</errorCode>")
                .as("this service's text, not WANIPConnection's ConnectionSetupFailed")
                .contains("<errorDescription>NoSuchEntry</errorDescription>");
        assertThat(post("GetOutboundPinholeTimeout", "<RemoteHost></RemoteHost><RemotePort>0</RemotePort>"
                + "<InternalClient></InternalClient><InternalPort>0</InternalPort><Protocol>17</Protocol>").body())
                .contains("<OutboundPinholeTimeout>120</OutboundPinholeTimeout>");
        assertThat(igd.counters()).containsKey(PinholeTable.REFUSED_GATEWAY_CLIENT);
        igd.setUpnpEnabled(false);
        try {
            assertThat(post("GetFirewallStatus", "").body())
                    .contains("<InboundPinholeAllowed>0</InboundPinholeAllowed>");
            assertThat(post("DeletePinhole", "<UniqueID>7</UniqueID>").body())
                    .contains("<errorCode>703</errorCode>")
                    .contains("<errorDescription>InboundPinholeNotAllowed</errorDescription>");
        } finally {
            igd.setUpnpEnabled(true);
        }
    }

    private static String add(String client, int port, int protocol, long lease) {
        return "<RemoteHost></RemoteHost><RemotePort>0</RemotePort><InternalClient>" + client
                + "</InternalClient><InternalPort>" + port + "</InternalPort><Protocol>" + protocol
                + "</Protocol><LeaseTime>" + lease + "</LeaseTime>";
    }

    private static HttpResponse<String> get(String path, String agent) throws Exception {
        return LoopbackHttp.get(base + path, agent);
    }

    private static HttpResponse<String> post(String action, String args) throws Exception {
        return LoopbackHttp.soap(base + "/ctl/IP6FCtl", FC, action, args);
    }
}
