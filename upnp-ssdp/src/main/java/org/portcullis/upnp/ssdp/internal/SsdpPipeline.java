package org.portcullis.upnp.ssdp.internal;

import io.netty.channel.ChannelPipeline;
import java.net.InetAddress;
import java.util.function.Predicate;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.LanSourceFilter;
import org.portcullis.upnp.core.internal.netty.PipelineNames;
import org.portcullis.upnp.ssdp.codec.SsdpLimits;

/** Builds the SSDP pipeline; the only place its order is written down. */
public final class SsdpPipeline {
    private SsdpPipeline() {}

    /**
     * Inbound order: 1 {@value PipelineNames#LAN_SOURCE_FILTER} (first: nothing off the interface's LAN subnets
     * reaches the decoder), 2 {@value PipelineNames#SSDP_DECODER}, 3 {@value PipelineNames#PER_SOURCE_RATE_LIMITER},
     * 4 {@value PipelineNames#SEARCH_RESPONDER}; outbound {@value PipelineNames#SSDP_ENCODER}.
     */
    public static void install(ChannelPipeline p, Predicate<InetAddress> permits, SsdpLimits limits,
            RateLimiter perSource, SearchResponder responder, DropCounters counters) {
        p.addLast(PipelineNames.LAN_SOURCE_FILTER, new LanSourceFilter(permits, counters))
                .addLast(PipelineNames.SSDP_DECODER, new SsdpDatagramDecoder(limits, counters))
                .addLast(PipelineNames.PER_SOURCE_RATE_LIMITER, new PerSourceRateLimiter(perSource, counters))
                .addLast(PipelineNames.SEARCH_RESPONDER, responder)
                .addLast(PipelineNames.SSDP_ENCODER, new SsdpDatagramEncoder());
    }
}
