package org.portcullis.upnp.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/**
 * Hostile input against the real daemon's control URL from the LAN host (raw bytes from a Python script in the LAN
 * namespace): oversized, truncated, slow, malformed, XML attacks, DNS rebinding, connection floods. Each attack gets
 * the documented answer, and after each one the real {@code upnpc -s} and a well-formed SOAP request still work.
 */
@Tag("netns")
@Tag("peer")
@Timeout(110)
class SoapHostileInputIT {
    private static final Duration STEP = Duration.ofSeconds(30);

    /**
     * {@code raw.py MODE HOST PORT PATH SERVICE}: sends one attack and prints what came back: the status line (or
     * {@code CLOSED}/{@code TIMEOUT}), then {@code BODY:} and the body, or, for {@code flood}, counts.
     */
    private static final String RAW = """
            import socket, sys, time
            mode, host, port, path, service = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
            hostport = '%s:%d' % (host, port)
            def envelope(inner):
                return ('<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
                        's:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>' + inner +
                        '</s:Body></s:Envelope>')
            GET_IP = envelope('<u:GetExternalIPAddress xmlns:u="%s"></u:GetExternalIPAddress>' % service)
            def post(body, host_header=hostport, extra='', length=None, action='GetExternalIPAddress'):
                body = body.encode('utf-8') if isinstance(body, str) else body
                head = ('POST %s HTTP/1.1\\r\\nHost: %s\\r\\nContent-Type: text/xml; charset="utf-8"\\r\\n'
                        'SOAPAction: "%s#%s"\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n%s\\r\\n') % (
                        path, host_header, service, action, len(body) if length is None else length, extra)
                return head.encode('latin-1') + body
            def read_all(s, limit=10.0):
                s.settimeout(limit)
                data = b''
                try:
                    while True:
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                except socket.timeout:
                    if not data:
                        return None
                except ConnectionResetError:
                    pass
                return data
            def report(data):
                if data is None:
                    print('TIMEOUT')
                elif not data:
                    print('CLOSED')
                else:
                    head, _, body = data.partition(b'\\r\\n\\r\\n')
                    print(head.split(b'\\r\\n')[0].decode('latin-1'))
                    print('BODY:' + body.decode('utf-8', 'replace'))
            def send(payload, wait=15.0):
                s = socket.create_connection((host, port), timeout=5)
                try:
                    s.sendall(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                report(read_all(s, wait))
                s.close()
            XXE = ('<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                   '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
                   '<u:GetExternalIPAddress xmlns:u="%s">&xxe;</u:GetExternalIPAddress></s:Body></s:Envelope>' % service)
            LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
                      ''.join('<!ENTITY lol%d "%s">' % (i, ('&lol%d;' % (i - 1) if i > 1 else '&lol;') * 10)
                              for i in range(1, 10)) +
                      ']><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
                      '<u:GetExternalIPAddress xmlns:u="%s">&lol9;</u:GetExternalIPAddress></s:Body></s:Envelope>'
                      % service)
            XINCLUDE = envelope('<u:GetExternalIPAddress xmlns:u="%s"><xi:include '
                                'xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'
                                '</u:GetExternalIPAddress>' % service)
            if mode == 'ok':
                send(post(GET_IP))
            elif mode == 'oversized-body':
                send(post('<a>' + 'x' * 200000 + '</a>'))
            elif mode == 'oversized-headers':
                send(post(GET_IP, extra='X-Junk: ' + 'h' * 20000 + '\\r\\n'))
            elif mode == 'many-headers':
                send(post(GET_IP, extra=''.join('X-H%d: 1\\r\\n' % i for i in range(200))))
            elif mode == 'long-request-line':
                send(('POST /' + 'p' * 5000 + ' HTTP/1.1\\r\\nHost: %s\\r\\nConnection: close\\r\\n\\r\\n' % hostport).encode())
            elif mode == 'no-length':
                send(post(GET_IP).replace(b'Content-Length', b'X-Length'))
            elif mode == 'truncated-body':
                send(post(GET_IP, length=len(GET_IP) + 500), wait=20)
            elif mode == 'slowloris':
                s = socket.create_connection((host, port), timeout=5)
                payload = post(GET_IP)
                start = time.time()
                answer = None
                for b in payload:
                    if time.time() - start > 25:
                        break
                    try:
                        s.sendall(bytes([b]))
                    except (BrokenPipeError, ConnectionResetError):
                        break
                    s.settimeout(0.5)
                    try:
                        answer = s.recv(65536)
                        break
                    except socket.timeout:
                        continue
                    except ConnectionResetError:
                        answer = b''
                        break
                print('ELAPSED %.1f' % (time.time() - start))
                report(answer if answer is not None else read_all(s, 2))
            elif mode == 'malformed-xml':
                send(post('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
                          '<u:GetExternalIPAddress xmlns:u="%s"></s:Body></s:Envelope>' % service))
            elif mode == 'xxe':
                send(post(XXE))
            elif mode == 'billion-laughs':
                send(post(LAUGHS))
            elif mode == 'xinclude':
                send(post(XINCLUDE))
            elif mode == 'binary':
                send(bytes(range(256)) * 8)
            elif mode == 'rebinding':
                send(post(GET_IP, host_header='igd.attacker.example:%d' % port))
            elif mode == 'no-host':
                send(post(GET_IP).replace(b'Host:', b'X-Host:'))
            elif mode == 'query-state-variable':
                send(post('<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
                          '<u:QueryStateVariable xmlns:u="urn:schemas-upnp-org:control-1-0"><u:varName>ConnectionStatus'
                          '</u:varName></u:QueryStateVariable></s:Body></s:Envelope>')
                     .replace(('%s#GetExternalIPAddress' % service).encode(),
                              b'urn:schemas-upnp-org:control-1-0#QueryStateVariable'))
            elif mode == 'flood':
                socks, closed = [], 0
                for i in range(48):
                    try:
                        socks.append(socket.create_connection((host, port), timeout=5))
                    except OSError:
                        closed += 1
                time.sleep(1.0)
                for s in socks:
                    s.setblocking(False)
                    try:
                        if s.recv(1) == b'':
                            closed += 1
                    except BlockingIOError:
                        pass
                    except ConnectionResetError:
                        closed += 1
                print('OPENED %d CLOSED %d' % (len(socks), closed))
                for s in socks:
                    s.close()
            """;

    private static ThreeHostTopology net;
    private static Processes.Background daemon;
    private static String lan;
    private static String host;
    private static int port;
    private static String controlPath;
    private static String serviceType;

    @BeforeAll
    static void startGateway() {
        ThreeHostTopology.assumeAvailable();
        Prerequisites.requireExecutable("upnpc");
        DaemonProcess.jar();
        net = ThreeHostTopology.create();
        lan = net.lanNamespace();
        daemon = DaemonProcess.startIn(net.routerNamespace(),
                "--lan", net.routerLanInterface(), "--wan", net.routerWanInterface(), "--http-port", "0");
        URI description = DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":");
        host = description.getHost();
        port = description.getPort();
        Processes.Result d = Processes.runIn(lan, STEP, "/usr/bin/python3", "-c",
                "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())",
                description.toString());
        Matcher m = Pattern.compile("<serviceType>(urn:schemas-upnp-org:service:WANIPConnection:\\d)</serviceType>"
                + "\\s*<serviceId>[^<]*</serviceId>(?:\\s*<[^>]+>[^<]*</[^>]+>)*?\\s*<controlURL>([^<]+)</controlURL>")
                .matcher(d.out());
        assertThat(m.find()).as("WANIPConnection in " + d).isTrue();
        serviceType = m.group(1);
        controlPath = m.group(2);
    }

    @AfterAll
    static void cleanUp() {
        DaemonProcess.stopAndRemove(daemon, net);
    }

    private static Processes.Result raw(String mode) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", RAW, mode, host, Integer.toString(port),
                controlPath, serviceType));
        Processes.Result r = Processes.runIn(lan, Duration.ofSeconds(40), cmd);
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r;
    }

    private static String statusLine(Processes.Result r) {
        return r.out().lines().filter(l -> l.startsWith("HTTP/") || l.equals("CLOSED") || l.equals("TIMEOUT"))
                .findFirst().orElse("");
    }

    /** After each attack: the real upnpc still finds the IGD and reads the external address, and SOAP answers. */
    @AfterEach
    void daemonStillAnswers() {
        Processes.Result ok = raw("ok");
        assertThat(statusLine(ok)).as(ok.toString()).startsWith("HTTP/1.1 200 ");
        assertThat(ok.out()).contains("<NewExternalIPAddress>" + net.routerWanAddress() + "</NewExternalIPAddress>");
        Processes.Result upnpc = Processes.runIn(lan, STEP, "upnpc", "-m", ThreeHostTopology.LAN_HOST_IF, "-i", "-s");
        assertThat(upnpc.out()).as(upnpc.toString())
                .containsPattern("ExternalIPAddress = " + net.routerWanAddress().replace(".", "\\.") + "\\b");
        assertThat(daemon.isAlive()).as("daemon alive: " + daemon).isTrue();
    }

    @Test
    void wellFormedRequestIsAnswered() {
        // the baseline: @AfterEach does the checking
    }

    @Test
    void oversizedBodyIs413() {
        assertThat(statusLine(raw("oversized-body"))).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void oversizedHeadersAre431() {
        assertThat(statusLine(raw("oversized-headers"))).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void tooManyHeaderFieldsAre431() {
        assertThat(statusLine(raw("many-headers"))).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void longRequestLineIs414() {
        assertThat(statusLine(raw("long-request-line"))).startsWith("HTTP/1.1 414 ");
    }

    @Test
    void postWithoutLengthIs411() {
        assertThat(statusLine(raw("no-length"))).startsWith("HTTP/1.1 411 ");
    }

    @Test
    void truncatedBodyIs408AtTheReadDeadline() {
        assertThat(statusLine(raw("truncated-body"))).startsWith("HTTP/1.1 408 ");
    }

    @Test
    void slowlorisIsCutAtTheReadDeadline() {
        Processes.Result r = raw("slowloris");
        assertThat(statusLine(r)).as(r.toString()).startsWith("HTTP/1.1 408 ");
        double elapsed = Double.parseDouble(r.out().lines().filter(l -> l.startsWith("ELAPSED ")).findFirst()
                .orElseThrow().substring(8));
        assertThat(elapsed).as("seconds until cut").isLessThan(15.0);
    }

    @Test
    void malformedXmlIs400() {
        assertThat(statusLine(raw("malformed-xml"))).startsWith("HTTP/1.1 400 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xxe", "billion-laughs"})
    void doctypeAttacksAre400BeforeAnyExpansion(String mode) {
        Processes.Result r = raw(mode);
        assertThat(statusLine(r)).as(r.toString()).startsWith("HTTP/1.1 400 ");
        assertThat(r.out()).doesNotContain("root:").doesNotContain("lollol");
    }

    @Test
    void xincludeIsNeverProcessed() {
        Processes.Result r = raw("xinclude");
        // An element in a foreign namespace inside the action: refused as an argument (402) or as XML; never read.
        assertThat(statusLine(r)).as(r.toString()).matches("HTTP/1\\.1 (400|500) .*");
        if (statusLine(r).startsWith("HTTP/1.1 500")) {
            assertThat(r.out()).contains("<errorCode>402</errorCode>");
        }
        assertThat(r.out()).doesNotContain("root:");
    }

    @Test
    void binaryGarbageIs400() {
        assertThat(statusLine(raw("binary"))).matches("HTTP/1\\.1 400 .*|CLOSED");
    }

    @Test
    void dnsRebindingHostIs403() {
        Processes.Result r = raw("rebinding");
        assertThat(statusLine(r)).as(r.toString()).startsWith("HTTP/1.1 403 ");
        assertThat(r.out()).doesNotContain("NewExternalIPAddress");
    }

    @Test
    void http11WithoutHostIs400() {
        assertThat(statusLine(raw("no-host"))).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void queryStateVariableAnswersConnectionStatus() {
        // Not hostile: the deprecated action Windows XP uses, answered by the daemon with the evented value.
        Processes.Result r = raw("query-state-variable");
        assertThat(statusLine(r)).as(r.toString()).startsWith("HTTP/1.1 200 ");
        assertThat(r.out()).contains("QueryStateVariableResponse").contains("<return>Connected</return>");
    }

    @Test
    void connectionsBeyondThePerSourceCapAreClosed() {
        Processes.Result r = raw("flood");
        Matcher m = Pattern.compile("OPENED (\\d+) CLOSED (\\d+)").matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        // 48 attempts against the default cap of 32 per source: at least 16 are closed at once.
        assertThat(Integer.parseInt(m.group(2))).as(r.toString()).isGreaterThanOrEqualTo(16);
    }
}
