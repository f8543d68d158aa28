import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load client for SOAP GetExternalIPAddress (run as a single-file program: {@code java SoapLoad.java ...}).
 *
 * <p>Usage: {@code SoapLoad HOST PORT CONTROL_PATH SERVICE_TYPE CLIENTS SECONDS new|keepalive}. Each client is a
 * thread that sends requests back to back until the time is up, either opening a connection per request
 * ({@code Connection: close}) or reusing one (HTTP/1.1 keep-alive). Prints one line:
 * {@code mode clients requests errors req/s p50_ms p99_ms max_ms}. Every response must be 200 with the external
 * address; anything else counts as an error (a failed connection is retried after 10 ms, bounded by the time).
 */
public final class SoapLoad {
    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: SoapLoad HOST PORT PATH SERVICE_TYPE CLIENTS SECONDS new|keepalive");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        String service = args[3];
        int clients = Integer.parseInt(args[4]);
        long seconds = Long.parseLong(args[5]);
        boolean keepAlive = args[6].equals("keepalive");
        String body = "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:GetExternalIPAddress "
                + "xmlns:u=\"" + service + "\"></u:GetExternalIPAddress></s:Body></s:Envelope>\r\n";
        byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + "Content-Type: text/xml; charset=\"utf-8\"\r\nSOAPAction: \"" + service
                + "#GetExternalIPAddress\"\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[clients][];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int index = i;
            Thread t = new Thread(() -> latencies[index] = run(host, port, request, keepAlive, deadline, errors),
                    "client-" + i);
            threads.add(t);
            t.start();
        }
        long total = 0;
        for (int i = 0; i < clients; i++) {
            threads.get(i).join(seconds * 1000 + 30_000);
            total += latencies[i] == null ? 0 : latencies[i].length;
        }
        long[] merged = new long[(int) total];
        int k = 0;
        for (long[] a : latencies) {
            if (a != null) {
                System.arraycopy(a, 0, merged, k, a.length);
                k += a.length;
            }
        }
        Arrays.sort(merged);
        double rate = merged.length / (double) seconds;
        System.out.printf("%s clients=%d requests=%d errors=%d req/s=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f%n",
                keepAlive ? "keepalive" : "new-connection", clients, merged.length, errors.get(), rate,
                percentile(merged, 0.50), percentile(merged, 0.99),
                merged.length == 0 ? 0 : merged[merged.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static long[] run(String host, int port, byte[] request, boolean keepAlive, long deadline,
            AtomicLong errors) {
        long[] lat = new long[1024];
        int n = 0;
        Socket socket = null;
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(5000);
                    socket.connect(new InetSocketAddress(host, port), 5000);
                }
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                String response = readResponse(socket.getInputStream());
                if (!response.startsWith("HTTP/1.1 200 ") || !response.contains("NewExternalIPAddress")) {
                    errors.incrementAndGet();
                    socket.close();
                    socket = null;
                    continue;
                }
                if (!keepAlive) {
                    socket.close();
                    socket = null;
                }
                if (n == lat.length) {
                    lat = Arrays.copyOf(lat, n * 2);
                }
                lat[n++] = System.nanoTime() - start;
            } catch (IOException e) {
                errors.incrementAndGet();
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing a broken socket
                    }
                    socket = null;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // done
            }
        }
        return Arrays.copyOf(lat, n);
    }

    /** Reads one response: the head, then Content-Length bytes. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the response head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 16384) {
                throw new IOException("response head too long");
            }
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return h + new String(body, StandardCharsets.UTF_8);
    }
}
