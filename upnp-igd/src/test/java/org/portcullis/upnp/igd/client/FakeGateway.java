package org.portcullis.upnp.igd.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted gateway on loopback for quirk tests: each path answers with canned bytes (or never answers), and
 * every request is recorded. One thread accepts and answers connections one at a time.
 */
final class FakeGateway implements AutoCloseable {
    /** A canned answer: raw bytes written after {@code delayMillis}; {@code hang} keeps the socket silent. */
    record Reply(byte[] bytes, long delayMillis, boolean hang) {
        static Reply http(int status, String contentType, String body) {
            return raw("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nServer: Fake/1.0 UPnP/1.1"
                    + " FakeIgd/0.9\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\nConnection: close\r\n\r\n" + body);
        }

        static Reply xml(String body) {
            return http(200, "text/xml; charset=\"utf-8\"", body);
        }

        static Reply raw(String wire) {
            return new Reply(wire.getBytes(StandardCharsets.UTF_8), 0, false);
        }

        static Reply hanging() {
            return new Reply(new byte[0], 0, true);
        }
    }

    /** A request as received: path, SOAPACTION header (or empty), body. */
    record Request(String path, String soapAction, String body) {}

    private final ServerSocket server;
    private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread thread;

    FakeGateway() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        thread = new Thread(this::serve, "fake-gateway");
        thread.setDaemon(true);
        thread.start();
    }

    FakeGateway route(String path, Reply reply) {
        routes.put(path, r -> reply);
        return this;
    }

    FakeGateway route(String path, Function<Request, Reply> replies) {
        routes.put(path, replies);
        return this;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    int port() {
        return server.getLocalPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void serve() {
        for (int n = 0; n < 10_000 && !server.isClosed(); n++) {
            try {
                Socket s = server.accept();
                open.add(s);
                s.setSoTimeout(5000);
                Request req = read(s.getInputStream());
                requests.add(req);
                Reply reply = routes.getOrDefault(req.path(), r -> Reply.http(404, "text/plain", "no")).apply(req);
                if (reply.hang()) {
                    continue;
                }
                if (reply.delayMillis() > 0) {
                    Thread.sleep(reply.delayMillis());
                }
                OutputStream out = s.getOutputStream();
                out.write(reply.bytes());
                out.flush();
                s.close();
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // a client went away mid-request; keep serving
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        int state = 0;
        while (state < 4 && head.size() < 16384 && (c = in.read()) >= 0) {
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String path = lines[0].split(" ").length > 1 ? lines[0].split(" ")[1] : "";
        int length = 0;
        String action = "";
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            } else if (lower.startsWith("soapaction:")) {
                action = line.substring(11).strip();
            }
        }
        byte[] body = in.readNBytes(Math.min(length, 1 << 20));
        return new Request(path, action, new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
