package org.portcullis.upnp.ssdp.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import org.portcullis.upnp.ssdp.codec.SsdpEncoder;

/** Encodes an {@link OutboundSsdp} into one datagram to its recipient. */
@ChannelHandler.Sharable
public final class SsdpDatagramEncoder extends MessageToMessageEncoder<OutboundSsdp> {
    public SsdpDatagramEncoder() {
        super(OutboundSsdp.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundSsdp msg, List<Object> out) {
        out.add(new DatagramPacket(Unpooled.wrappedBuffer(SsdpEncoder.encode(msg.message())), msg.recipient()));
    }
}
