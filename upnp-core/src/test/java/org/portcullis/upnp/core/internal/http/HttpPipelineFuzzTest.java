package org.portcullis.upnp.core.internal.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.portcullis.upnp.core.http.UpnpHttpResponse;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.PipelineNames;

/**
 * The server's HTTP request path (timeouts, codec, bounded aggregator, router with Host check) under arbitrary
 * bytes, split into reads of 1 to 64 bytes: nothing throws out of the pipeline, only expected failures (I/O, a close
 * mid-request) reach the tail,
 * and everything written back is an HTTP/1.1 response (or nothing, or a close). Plain {@code mvn test} replays
 * {@code HttpPipelineFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class HttpPipelineFuzzTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000);
    private static final InetSocketAddress REMOTE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);

    /** An embedded channel with socket addresses, as the router and the Host check expect. */
    private static final class InetEmbeddedChannel extends EmbeddedChannel {
        InetEmbeddedChannel() {
            super(false, false);
        }

        @Override
        protected SocketAddress localAddress0() {
            return LOCAL;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return REMOTE;
        }
    }

    /** Records what reaches the end of the pipeline instead of ErrorTail's logging. */
    private static final class RecordingTail extends ChannelInboundHandlerAdapter {
        final List<Throwable> failures = new ArrayList<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures.add(cause);
            ctx.close();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void arbitraryBytes(byte[] data) throws Exception {
        DropCounters counters = new DropCounters();
        RecordingTail tail = new RecordingTail();
        EmbeddedChannel ch = new InetEmbeddedChannel();
        ch.pipeline()
                .addLast(PipelineNames.READ_TIMEOUT, new RequestTimeouts(Duration.ofSeconds(30),
                        Duration.ofSeconds(10), counters))
                .addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(256).setMaxHeaderSize(512).setMaxChunkSize(256)))
                .addLast(PipelineNames.HTTP_AGGREGATOR, new BoundedAggregator(512, counters))
                .addLast(PipelineNames.HTTP_ROUTER, new HttpRouter(path -> path.equals("/ctl")
                        ? request -> CompletableFuture.completedFuture(UpnpHttpResponse.text(200, "text/plain",
                                request.method() + " " + request.bodyLength()))
                        : null, "Fuzz/1.0 UPnP/1.1 Portcullis/0", counters,
                        new HostHeaderPolicy(() -> List.of(LOCAL.getAddress())), 16))
                .addLast(PipelineNames.ERROR_TAIL, tail);
        ch.register();
        // The first byte sets the read size (1 to 64 bytes, so the seeds are fed byte by byte); the rest is input.
        int step = data.length == 0 ? 1 : 1 + (data[0] & 0x3f);
        for (int i = 1; i < data.length && ch.isOpen(); i += step) {
            ch.writeInbound(Unpooled.wrappedBuffer(data, i, Math.min(step, data.length - i)));
            ch.runPendingTasks();
        }
        ch.advanceTimeBy(Duration.ofSeconds(31).toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        StringBuilder written = new StringBuilder();
        for (Object out; (out = ch.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) out;
            try {
                written.append(buf.toString(US_ASCII));
            } finally {
                buf.release();
            }
        }
        assertHttpResponses(written.toString());
        for (Object in; (in = ch.readInbound()) != null; ) {
            io.netty.util.ReferenceCountUtil.release(in);
        }
        ch.finishAndReleaseAll();
        // Only what ErrorTail treats as expected (I/O errors, a close in the middle of a request) may arrive there.
        assertThat(tail.failures).allSatisfy(t -> assertThat(t).isInstanceOfAny(IOException.class,
                PrematureChannelClosureException.class));
    }

    /**
     * Everything written is a sequence of whole HTTP/1.1 responses, each framed by its Content-Length (1xx, 204 and
     * 304 have no body, nor has the answer to a HEAD request: its head is followed directly by the next response or
     * the end; no body here starts with "HTTP/1.1 ", as methods cannot contain '/'). The encoder may write a head and
     * its body as separate buffers (a large body always is), so the check runs over the concatenated bytes, not per
     * buffer.
     */
    private static void assertHttpResponses(String written) {
        int at = 0;
        while (at < written.length()) {
            String rest = written.substring(at);
            assertThat(rest).as(written).startsWith("HTTP/1.1 ");
            int headEnd = rest.indexOf("\r\n\r\n");
            assertThat(headEnd).as("response head ends: " + written).isPositive();
            String head = rest.substring(0, headEnd);
            int status = Integer.parseInt(head.substring(9, 12));
            long length = 0;
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(line.substring(colon + 1).trim());
                }
            }
            String after = rest.substring(headEnd + 4);
            if (status < 200 || status == 204 || status == 304 || after.isEmpty() || after.startsWith("HTTP/1.1 ")) {
                length = 0;
            }
            assertThat(rest.length()).as("whole body: " + written).isGreaterThanOrEqualTo(headEnd + 4 + (int) length);
            at += headEnd + 4 + (int) length;
        }
    }
}
