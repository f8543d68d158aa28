package org.portcullis.upnp.gena;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.http.UpnpHttpServer;

/**
 * The subscription route mounted on the real LAN HTTP server on loopback, driven with raw bytes: the response carries
 * SID, TIMEOUT, SERVER, DATE and {@code Content-Length: 0}; hostile requests (oversized, malformed, truncated) get
 * the server's error and close, and a well-formed SUBSCRIBE still works afterwards.
 */
class SubscriptionOverHttpTest {
    private RecordingCallback callback;
    private EventPublisher publisher;
    private UpnpHttpServer server;

    @BeforeEach
    void start() throws Exception {
        callback = new RecordingCallback();
        publisher = EventPublisher.builder(EventPublisherTest.SERVICE).lanPolicy(EventPublisherTest.LAN)
                .initialValues(() -> Map.of("Status", "Up")).build();
        server = UpnpHttpServer.builder().lanPolicy(EventPublisherTest.LAN).port(0)
                .serverHeader("Test/1.0 UPnP/1.1 Portcullis/0")
                .route("/evt/t", publisher.subscriptionHandler()).start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        publisher.close();
        callback.close();
    }

    private String exchange(String request) throws IOException {
        return exchange(request, false);
    }

    /** Sends {@code request}; {@code halfClose} ends the output at once, as a truncated or abandoned request does. */
    private String exchange(String request, boolean halfClose) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            if (halfClose) {
                s.shutdownOutput();
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while (out.size() < 65536 && (n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private String subscribe() throws IOException {
        return exchange("SUBSCRIBE /evt/t HTTP/1.1\r\nHOST: 127.0.0.1:" + server.port() + "\r\nCALLBACK: <"
                + callback.url("/e") + ">\r\nNT: upnp:event\r\nTIMEOUT: Second-1800\r\nConnection: close\r\n\r\n");
    }

    @Test
    void subscribeResponseCarriesTheUdaHeaders() throws Exception {
        String r = subscribe();
        assertThat(r).startsWith("HTTP/1.1 200 OK\r\n")
                .containsPattern("(?im)^SID: uuid:[0-9a-f-]{36}$")
                .containsPattern("(?im)^TIMEOUT: Second-1800$")
                .containsPattern("(?im)^server: Test/1.0 UPnP/1.1 Portcullis/0$")
                .containsPattern("(?im)^date: \\w{3}, \\d{1,2} \\w{3} \\d{4} ")
                .containsPattern("(?im)^content-length: 0$")
                .endsWith("\r\n\r\n");
        assertThat(callback.next(5).header("SEQ")).isEqualTo("0");
    }

    @Test
    void hostileRequestsFailAndAWellFormedSubscribeStillWorks() throws Exception {
        String port = Integer.toString(server.port());
        String[] hostile = {
            "SUBSCRIBE /evt/t HTTP/1.1\r\nHOST: 127.0.0.1:" + port + "\r\nCALLBACK: <http://127.0.0.1:1/"
                    + "a".repeat(20000) + ">\r\nNT: upnp:event\r\n\r\n",
            "SUBSCRIBE /evt/t HTTP/1.1\r\nHOST: 127.0.0.1:" + port + "\r\nCALLBACK: <" + callback.url("/x")
                    + ">\r\nNT: upnp:event\r\nSID: uuid:\u0000\r\n\r\n",
            "SUBSCRIBE /evt/t HTTP/1.1\r\nHOST: 127.0.0.1:" + port + "\r\nCALLBACK: <http://127.0.0.1:"
                    + callback.port() + "/",
            "\u0000\u00ff\r\n\r\n",
            "SUBSCRIBE /evt/t HTTP/1.1\r\nHOST: 127.0.0.1:" + port + "\r\nCALLBACK: "
                    + ("<" + callback.url("/y") + ">").repeat(50) + "\r\nNT: upnp:event\r\n\r\n",
            "UNSUBSCRIBE /evt/t HTTP/1.1\r\nHOST: 127.0.0.1:" + port + "\r\nSID: uuid:"
                    + "f".repeat(5000) + "\r\n\r\n",
        };
        for (String h : hostile) {
            String r = exchange(h, true);
            assertThat(r).as(h.substring(0, Math.min(80, h.length())))
                    .satisfiesAnyOf(x -> assertThat(x).isEmpty(), x -> assertThat(x).startsWith("HTTP/1.1 4"));
        }
        assertThat(callback.next(1)).isNull();
        assertThat(subscribe()).startsWith("HTTP/1.1 200 OK");
        assertThat(callback.next(5).header("SEQ")).isEqualTo("0");
    }
}
