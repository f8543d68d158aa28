package org.portcullis.upnp.examples.it;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.portcullis.upnp.core.testing.Prerequisites;
import org.portcullis.upnp.core.testing.Processes;
import org.portcullis.upnp.core.testing.ThreeHostTopology;

/** Python helpers for the GENA ITs: a raw TCP/HTTP listener that prints what reaches it, and a raw SUBSCRIBE. */
final class GenaScripts {
    static final String PYTHON = "/usr/bin/python3";

    /** Args: bind address, port, seconds. Prints LISTENING, then one CONNECTION line per request, then DONE. */
    static final String LISTENER = """
            import re, select, socket, sys, time
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((sys.argv[1], int(sys.argv[2])))
            s.listen(8)
            print('LISTENING', flush=True)
            end = time.time() + float(sys.argv[3])
            while time.time() < end:
                ready, _, _ = select.select([s], [], [], 0.2)
                if not ready:
                    continue
                c, peer = s.accept()
                c.settimeout(3)
                data = b''
                try:
                    while b'\\r\\n\\r\\n' not in data and len(data) < 65536:
                        chunk = c.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                    head, _, body = data.partition(b'\\r\\n\\r\\n')
                    m = re.search(rb'(?i)content-length:\\s*(\\d+)', head)
                    n = int(m.group(1)) if m else 0
                    while len(body) < min(n, 65536):
                        chunk = c.recv(4096)
                        if not chunk:
                            break
                        body += chunk
                    c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n')
                except OSError:
                    pass
                c.close()
                print('CONNECTION', peer[0], repr(data.partition(b'\\r\\n\\r\\n')[0] + b' || ' + body), flush=True)
            print('DONE', flush=True)
            """;

    /** Args: source address, gateway host, port, path, CALLBACK value. Prints the status line and headers. */
    static final String SUBSCRIBE = """
            import socket, sys
            src, host, port, path, callback = sys.argv[1:6]
            s = socket.create_connection((host, int(port)), timeout=5, source_address=(src, 0))
            s.sendall(('SUBSCRIBE %s HTTP/1.1\\r\\nHOST: %s:%s\\r\\nCALLBACK: %s\\r\\nNT: upnp:event\\r\\n'
                       'TIMEOUT: Second-1800\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n'
                       % (path, host, port, callback)).encode())
            data = b''
            while b'\\r\\n\\r\\n' not in data and len(data) < 8192:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            print(data.decode('latin-1'))
            """;

    private GenaScripts() {}

    /** The daemon as the gateway of a fresh three-host topology; closing stops it and removes the namespaces. */
    record Gateway(ThreeHostTopology net, Processes.Background daemon, URI description) implements AutoCloseable {
        static Gateway start() {
            ThreeHostTopology.assumeAvailable();
            Prerequisites.requireExecutable("upnpc");
            Prerequisites.requireExecutable(PYTHON);
            DaemonProcess.jar();
            ThreeHostTopology net = ThreeHostTopology.create();
            Processes.Background daemon = null;
            try {
                daemon = DaemonProcess.startIn(net.routerNamespace(), "--lan", net.routerLanInterface(), "--wan",
                        net.routerWanInterface(), "--http-port", "0");
                return new Gateway(net, daemon, DaemonProcess.awaitReady(daemon, net.routerLanAddress() + ":"));
            } catch (RuntimeException | Error e) {
                new Gateway(net, daemon, null).close();
                throw e;
            }
        }

        /** {@code upnpc -m lan0 -i ARGS} on the LAN host. */
        Processes.Result lanUpnpc(String... args) {
            java.util.List<String> cmd = new java.util.ArrayList<>(
                    java.util.List.of("upnpc", "-m", ThreeHostTopology.LAN_HOST_IF, "-i"));
            cmd.addAll(java.util.List.of(args));
            return Processes.runIn(net.lanNamespace(), Duration.ofSeconds(45), cmd);
        }

        @Override
        public void close() {
            DaemonProcess.stopAndRemove(daemon, net);
        }
    }

    static Processes.Background listen(String ns, String address, int port, Duration life) {
        Processes.Background b = Processes.startIn(ns, PYTHON, "-c", LISTENER, address, Integer.toString(port),
                Long.toString(life.toSeconds()));
        if (b.waitForLine("^LISTENING$", Duration.ofSeconds(10)).isEmpty()) {
            throw new IllegalStateException("listener did not start: " + b);
        }
        return b;
    }

    static Processes.Result subscribe(String ns, String source, String host, int port, String path,
            String callback) {
        return Processes.runIn(ns, Duration.ofSeconds(20), PYTHON, "-c", SUBSCRIBE, source, host,
                Integer.toString(port), path, callback);
    }

    /** The eventSubURL of WANIPConnection in a description document. */
    static String wanIpEventPath(String description) {
        Matcher m = Pattern.compile("<serviceType>urn:schemas-upnp-org:service:WANIPConnection:\\d</serviceType>"
                + ".*?<eventSubURL>([^<]+)</eventSubURL>", Pattern.DOTALL).matcher(description);
        if (!m.find()) {
            throw new IllegalStateException("no WANIPConnection eventSubURL in " + description);
        }
        return m.group(1);
    }

    /** GETs a URL from a namespace with Python and returns the body. */
    static String fetch(String ns, String url) {
        return Processes.runIn(ns, Duration.ofSeconds(20), PYTHON, "-c", """
                import sys, urllib.request
                with urllib.request.urlopen(sys.argv[1], timeout=10) as resp:
                    print(resp.read().decode('utf-8', 'replace'))
                """, url).requireOk().out();
    }
}
