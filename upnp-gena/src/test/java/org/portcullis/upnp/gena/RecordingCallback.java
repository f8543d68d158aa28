package org.portcullis.upnp.gena;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP listener that records each request (a spy callback for NOTIFY) and answers with a settable status,
 * or after a settable delay. One connection at a time, bounded reads; closed by {@link #close()}.
 */
final class RecordingCallback implements AutoCloseable {
    /** One received request. */
    record Received(String requestLine, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket server;
    private final Thread thread;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private volatile long delayMillis;

    RecordingCallback() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        thread = new Thread(this::serve, "recording-callback");
        thread.setDaemon(true);
        thread.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    int port() {
        return server.getLocalPort();
    }

    void respondWith(int code) {
        status.set(code);
    }

    void delay(long millis) {
        delayMillis = millis;
    }

    Received next(long seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    int count() {
        return received.size();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                Received r = read(s.getInputStream());
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                int code = status.get(); // read before the test can see this request and change it
                received.add(r);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 " + code + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // closed, or a client that went away: keep serving until close()
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Received read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4 && head.size() < 16384) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof");
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) {
                headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(Math.min(length, 65536));
        return new Received(lines[0], headers, new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
