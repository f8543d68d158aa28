package org.portcullis.upnp.igd;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP/1.1 and SOAP requests to an IGD started by a test on loopback (one client, 5 s per request). */
public final class LoopbackHttp {
    /** Shared by the tests; also for GENA requests they build themselves. */
    public static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

    private LoopbackHttp() {}

    /** GET {@code url}, with a User-Agent header unless {@code userAgent} is null. */
    public static HttpResponse<String> get(String url, String userAgent) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (userAgent != null) {
            b.header("User-Agent", userAgent);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A SOAP action as real control points send it: quoted SOAPACTION, {@code args} as the in-arguments' XML. */
    public static HttpResponse<String> soap(String controlUrl, String service, String action, String args)
            throws Exception {
        String body = "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:" + action
                + " xmlns:u=\"" + service + "\">" + args + "</u:" + action + "></s:Body></s:Envelope>\r\n";
        return HTTP.send(HttpRequest.newBuilder(URI.create(controlUrl))
                .header("Content-Type", "text/xml; charset=\"utf-8\"")
                .header("SOAPAction", "\"" + service + "#" + action + "\"")
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
