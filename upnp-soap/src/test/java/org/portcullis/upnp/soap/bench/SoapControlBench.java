package org.portcullis.upnp.soap.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.description.Action;
import org.portcullis.upnp.core.description.Argument;
import org.portcullis.upnp.core.description.DataType;
import org.portcullis.upnp.core.description.Scpd;
import org.portcullis.upnp.core.description.ServiceDescription;
import org.portcullis.upnp.core.description.StateVariable;
import org.portcullis.upnp.core.http.UpnpHttpRequest;
import org.portcullis.upnp.core.http.UpnpHttpResponse;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionRequest;
import org.portcullis.upnp.soap.ActionResponse;
import org.portcullis.upnp.soap.SoapControl;
import org.portcullis.upnp.soap.codec.SoapDecodingException;
import org.portcullis.upnp.soap.codec.SoapReader;
import org.portcullis.upnp.soap.codec.SoapWriter;

/**
 * Parsing and answering miniupnpc's GetExternalIPAddress through {@link SoapControl}, without sockets: what the
 * control route costs per request on the event loop. {@code baselineCopy} (copying the request body, as the router
 * does once) is the reference the others are reported against; run with {@code upnp-soap/bench/run.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SoapControlBench {
    private static final UpnpType WANIP1 = UpnpType.service("WANIPConnection", 1);
    /** As libminiupnpc 2.2.4 sends it (golden/soap/miniupnpc-2.2.4-GetExternalIPAddress.xml). */
    private static final byte[] BODY = ("<?xml version=\"1.0\"?>\r\n<s:Envelope "
            + "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:GetExternalIPAddress "
            + "xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\"></u:GetExternalIPAddress></s:Body>"
            + "</s:Envelope>\r\n").getBytes(StandardCharsets.UTF_8);
    private static final List<ActionArgument> OUT = List.of(new ActionArgument("NewExternalIPAddress",
            "203.0.113.7"));

    private final ServiceDescription service = new ServiceDescription(WANIP1, "urn:upnp-org:serviceId:WANIPConn1",
            "/WANIPCn.xml", "/ctl/IPConn", "/evt/IPConn", new Scpd(
                    List.of(new Action("GetExternalIPAddress",
                            List.of(Argument.out("NewExternalIPAddress", "ExternalIPAddress")))),
                    List.of(StateVariable.of("ExternalIPAddress", DataType.STRING, true))));
    private final SoapControl control = SoapControl.builder(service)
            .handler("GetExternalIPAddress", (r, c) -> CompletableFuture.completedFuture(OUT))
            .build();
    private final UpnpHttpRequest request = new UpnpHttpRequest("POST", "/ctl/IPConn", Map.of(
            "host", List.of("192.168.1.1:5000"),
            "content-type", List.of("text/xml"),
            "soapaction", List.of("\"urn:schemas-upnp-org:service:WANIPConnection:1#GetExternalIPAddress\"")),
            BODY, new InetSocketAddress("192.168.1.20", 40000), new InetSocketAddress("192.168.1.1", 5000));
    private final SoapReader reader = SoapReader.create();
    private final ActionResponse response = new ActionResponse(WANIP1, "GetExternalIPAddress", OUT);

    @Benchmark
    public byte[] baselineCopy() {
        return request.body();
    }

    @Benchmark
    public ActionRequest parseRequest() throws SoapDecodingException {
        return reader.readRequest(BODY);
    }

    @Benchmark
    public byte[] writeResponse() {
        return SoapWriter.writeResponse(response);
    }

    /** The whole route: headers, parse, SCPD check, handler, response envelope. */
    @Benchmark
    public UpnpHttpResponse handleGetExternalIpAddress() {
        return control.handle(request).toCompletableFuture().join();
    }
}
