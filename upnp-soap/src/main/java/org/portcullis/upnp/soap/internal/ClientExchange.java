package org.portcullis.upnp.soap.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.portcullis.upnp.soap.SoapTransportException;
import org.portcullis.upnp.soap.SoapTransportException.Kind;

/**
 * The last handler of a {@code SoapClient} connection: one request, one aggregated response. It hands the status and
 * body to {@code interpret} and completes {@code result}; any earlier end of the connection becomes a
 * {@link SoapTransportException}. The connection is closed by whoever completes {@code result}.
 *
 * @param <T> the result type
 */
public final class ClientExchange<T> extends SimpleChannelInboundHandler<FullHttpResponse> {
    /** Pipeline names of a client connection, in inbound order. */
    public static final String HTTP_CODEC = "httpClientCodec";
    public static final String HTTP_AGGREGATOR = "httpObjectAggregator";
    public static final String EXCHANGE = "soapExchange";

    /** A response as the interpreter sees it. */
    public record Response(int status, byte[] body) {}

    private final CompletableFuture<T> result;
    private final Function<Response, CompletableFuture<T>> interpret;

    public ClientExchange(CompletableFuture<T> result, Function<Response, CompletableFuture<T>> interpret) {
        this.result = result;
        this.interpret = interpret;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
        if (msg.decoderResult().isFailure()) {
            fail(msg.decoderResult().cause());
            return;
        }
        if (msg.status().code() == 100) {
            return; // an interim answer; the real one follows
        }
        Response response = new Response(msg.status().code(), ByteBufUtil.getBytes(msg.content()));
        interpret.apply(response).whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        result.completeExceptionally(new SoapTransportException(Kind.CONNECTION_CLOSED,
                "connection closed before a complete response"));
        ctx.fireChannelInactive();
    }

    private void fail(Throwable cause) {
        if (cause instanceof PrematureChannelClosureException) {
            result.completeExceptionally(new SoapTransportException(Kind.CONNECTION_CLOSED,
                    "connection closed before a complete response", cause));
        } else if (cause instanceof TooLongFrameException) {
            result.completeExceptionally(new SoapTransportException(Kind.RESPONSE_TOO_LARGE,
                    "response over the client's limits", cause));
        } else {
            result.completeExceptionally(new SoapTransportException(Kind.MALFORMED_RESPONSE,
                    "malformed HTTP response", cause));
        }
    }
}
