package org.portcullis.upnp.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.description.ServiceDescription;
import org.portcullis.upnp.core.http.UpnpHttpResponse;
import org.portcullis.upnp.core.http.UpnpHttpServer;
import org.portcullis.upnp.core.net.LanAddress;
import org.portcullis.upnp.core.net.LanInterface;
import org.portcullis.upnp.core.net.LanPolicy;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;

/**
 * The real libminiupnpc client ({@code upnpc}) against a {@link SoapControl} on the loopback LAN server: it must
 * parse our responses and faults. {@code -u} skips discovery, so no multicast leaves the host.
 */
@Tag("peer")
class MiniupnpcIT {
    private static final String URN = "urn:schemas-upnp-org:service:WANIPConnection:1";
    private static final String DESCRIPTION = "<?xml version=\"1.0\"?>\n"
            + "<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><specVersion><major>1</major><minor>0</minor>"
            + "</specVersion><device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
            + "<friendlyName>test</friendlyName><UDN>uuid:00000000-0000-0000-0000-000000000001</UDN><deviceList>"
            + "<device><deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType>"
            + "<UDN>uuid:00000000-0000-0000-0000-000000000002</UDN><deviceList><device>"
            + "<deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>"
            + "<UDN>uuid:00000000-0000-0000-0000-000000000003</UDN><serviceList><service>"
            + "<serviceType>" + URN + "</serviceType><serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId>"
            + "<controlURL>/ctl/IPConn</controlURL><eventSubURL>/evt/IPConn</eventSubURL>"
            + "<SCPDURL>/WANIPCn.xml</SCPDURL></service></serviceList></device></deviceList></device></deviceList>"
            + "</device></root>";

    private final List<ActionRequest> calls = new CopyOnWriteArrayList<>();
    private volatile boolean conflict;
    private UpnpHttpServer server;

    @BeforeEach
    void start() throws Exception {
        Prerequisites.requireExecutable("upnpc");
        ServiceDescription service = TestService.wanIp1();
        SoapControl control = SoapControl.builder(service)
                .handler("GetExternalIPAddress", (r, c) -> done(r, List.of(
                        new ActionArgument("NewExternalIPAddress", "203.0.113.7"))))
                .handler("GetStatusInfo", (r, c) -> done(r, List.of(
                        new ActionArgument("NewConnectionStatus", "Connected"),
                        new ActionArgument("NewLastConnectionError", "ERROR_NONE"),
                        new ActionArgument("NewUptime", "42"))))
                .handler("AddPortMapping", (r, c) -> conflict
                        ? CompletableFuture.failedFuture(new UpnpException(UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY))
                        : done(r, List.of()))
                .handler("GetSpecificPortMappingEntry", (r, c) -> done(r, List.of(
                        new ActionArgument("NewInternalPort", "51413"),
                        new ActionArgument("NewInternalClient", "192.168.1.20"),
                        new ActionArgument("NewEnabled", "1"),
                        new ActionArgument("NewPortMappingDescription", "a & <b>"),
                        new ActionArgument("NewLeaseDuration", "3600"))))
                .build();
        LanInterface lo = new LanInterface("lo", 1, List.of(new LanAddress(InetAddress.getLoopbackAddress(), 8)));
        server = UpnpHttpServer.builder()
                .lanPolicy(new LanPolicy(List.of(lo)))
                .port(0)
                .serverHeader("Test/1.0 UPnP/1.0 Portcullis/0")
                .route("/rootDesc.xml", r -> CompletableFuture.completedFuture(
                        UpnpHttpResponse.text(200, UpnpHttpResponse.TEXT_XML, DESCRIPTION)))
                .route(service.controlUrl(), control)
                .start();
    }

    private CompletableFuture<List<ActionArgument>> done(ActionRequest r, List<ActionArgument> out) {
        calls.add(r);
        return CompletableFuture.completedFuture(out);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Processes.Result upnpc(String... args) {
        String[] command = new String[args.length + 4];
        command[0] = "upnpc";
        command[1] = "-u";
        command[2] = "http://127.0.0.1:" + server.port() + "/rootDesc.xml";
        command[3] = "-i";
        System.arraycopy(args, 0, command, 4, args.length);
        return Processes.run(Duration.ofSeconds(20), command);
    }

    @Test
    void addsAMappingAndReadsItBack() {
        Processes.Result r = upnpc("-a", "192.168.1.20", "51413", "51413", "TCP", "3600");
        assertThat(r.output()).contains("203.0.113.7")
                .contains("external 203.0.113.7:51413 TCP is redirected to internal 192.168.1.20:51413");
        ActionRequest add = calls.stream().filter(c -> c.actionName().equals("AddPortMapping")).findFirst()
                .orElseThrow();
        assertThat(add.serviceType()).isEqualTo(UpnpType.parse(URN));
        assertThat(add.argument("NewInternalClient")).hasValue("192.168.1.20");
        assertThat(add.argument("NewProtocol")).hasValue("TCP");
        assertThat(add.argument("NewLeaseDuration")).hasValue("3600");
    }

    @Test
    void reportsOurFaultCode() {
        conflict = true;
        Processes.Result r = upnpc("-a", "192.168.1.20", "51413", "51413", "TCP", "3600");
        assertThat(r.output()).contains("718").contains("ConflictInMappingEntry");
    }
}
