package org.portcullis.upnp.core.internal.netty;

/** Handler names, in pipeline order, for every channel kind Portcullis builds. Names live only here. */
public final class PipelineNames {
    private PipelineNames() {}

    // HTTP server (TCP), inbound order:
    /** 1. closes connections from non-LAN sources and over the connection caps. */
    public static final String LAN_CONNECTION_FILTER = "lanConnectionFilter";
    /** 2. closes connections that stay silent too long. */
    public static final String READ_TIMEOUT = "readTimeout";
    /** 3. HTTP/1.1 codec with bounded line and header sizes. */
    public static final String HTTP_CODEC = "httpServerCodec";
    /** 4. aggregates one bounded request body; answers Expect: 100-continue. */
    public static final String HTTP_AGGREGATOR = "httpObjectAggregator";
    /** 5. dispatches complete requests to routes, in order (pipelining). */
    public static final String HTTP_ROUTER = "httpRouter";
    /** 6. last: logs unexpected failures once and closes. */
    public static final String ERROR_TAIL = "errorTail";

    // SSDP (UDP), inbound order:
    /** 1. drops datagrams whose source is not on a served LAN subnet. */
    public static final String LAN_SOURCE_FILTER = "lanSourceFilter";
    /** 2. bounded, strict SSDP decoder. */
    public static final String SSDP_DECODER = "ssdpDecoder";
    /** 3. per-source and global response budget. */
    public static final String PER_SOURCE_RATE_LIMITER = "perSourceRateLimiter";
    /** 4. answers M-SEARCH. */
    public static final String SEARCH_RESPONDER = "searchResponder";
    /** outbound: SSDP encoder. */
    public static final String SSDP_ENCODER = "ssdpEncoder";
}
