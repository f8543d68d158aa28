package org.portcullis.upnp.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.net.LanAddresses;

/** Connections from sources off the LAN are closed before a byte reaches the HTTP codec. */
class LanConnectionFilterTest {
    private final DropCounters counters = new DropCounters();
    private final LanConnectionFilter filter = new LanConnectionFilter(LanAddresses::isLan, counters, 8, 2);

    @Test
    void publicSourceIsClosedAndCountedAndItsBytesNeverPassed() {
        List<Object> passed = new ArrayList<>();
        EmbeddedChannel ch = channelFrom("203.0.113.9", passed);
        assertThat(ch.isOpen()).isFalse();
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.copiedBuffer(new byte[] {'G', 'E', 'T'})))
                .isInstanceOf(java.nio.channels.ClosedChannelException.class);
        assertThat(passed).isEmpty();
        assertThat(counters.get(LanConnectionFilter.DROPPED_NON_LAN)).isEqualTo(1);
        assertThat(filter.openConnections()).isZero();
    }

    @Test
    void lanSourceIsAdmittedUntilItsCapAndReleasedOnClose() {
        List<Object> passed = new ArrayList<>();
        EmbeddedChannel a = channelFrom("192.168.1.20", passed);
        EmbeddedChannel b = channelFrom("192.168.1.20", passed);
        EmbeddedChannel c = channelFrom("192.168.1.20", passed);
        assertThat(a.isOpen()).isTrue();
        assertThat(b.isOpen()).isTrue();
        assertThat(c.isOpen()).isFalse();
        assertThat(counters.get(LanConnectionFilter.DROPPED_SOURCE_CAP)).isEqualTo(1);
        a.writeInbound(Unpooled.copiedBuffer(new byte[] {1}));
        assertThat(passed).hasSize(1);

        a.close();
        assertThat(filter.openConnections()).isEqualTo(1);
        assertThat(channelFrom("192.168.1.20", passed).isOpen()).isTrue();
    }

    private EmbeddedChannel channelFrom(String source, List<Object> passed) {
        EmbeddedChannel ch = new FromChannel(new InetSocketAddress(source, 40000));
        ch.pipeline().addLast(filter, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passed.add(msg);
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        });
        try {
            ch.register(); // fires channelActive, as an accepted connection would
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        ch.runPendingTasks();
        return ch;
    }

    /** An embedded channel that reports a chosen remote address, registered only after the pipeline is built. */
    private static final class FromChannel extends EmbeddedChannel {
        private final SocketAddress remote;

        FromChannel(SocketAddress remote) {
            super(false, false);
            this.remote = remote;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }
    }
}
