package org.portcullis.upnp.ssdp.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.ssdp.AdvertisedDevice;
import org.portcullis.upnp.ssdp.Advertisement;
import org.portcullis.upnp.ssdp.codec.SsdpDecoder;
import org.portcullis.upnp.ssdp.codec.SsdpDecodingException;
import org.portcullis.upnp.ssdp.codec.SsdpLimits;
import org.portcullis.upnp.ssdp.codec.SsdpMessage;
import org.portcullis.upnp.ssdp.internal.NotificationSet;
import org.portcullis.upnp.ssdp.internal.SearchRules;

/**
 * Decoding and matching one M-SEARCH, as the responder does for every datagram that passes the source filter.
 * {@code baselineCopy} (copying the datagram's bytes into a String) is the reference the others are reported
 * against; run with {@code upnp-ssdp/bench/run.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MSearchBench {
    private static final byte[] MULTICAST_IGD = ("M-SEARCH * HTTP/1.1\r\n"
            + "HOST: 239.255.255.250:1900\r\n"
            + "MAN: \"ssdp:discover\"\r\n"
            + "MX: 2\r\n"
            + "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
            + "USER-AGENT: Linux/6.1 UPnP/1.1 MiniUPnPc/2.2.4\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ALL = ("M-SEARCH * HTTP/1.1\r\n"
            + "HOST: 239.255.255.250:1900\r\n"
            + "MAN: \"ssdp:discover\"\r\n"
            + "MX: 1\r\n"
            + "ST: ssdp:all\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MALFORMED = ("M-SEARCH * HTTP/1.1\r\n"
            + "HOST: 239.255.255.250:1900\r\n"
            + "MAN \"ssdp:discover\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final NotificationSet set = new NotificationSet(new Advertisement(List.of(
            new AdvertisedDevice(Udn.derived("b/root"), UpnpType.device("InternetGatewayDevice", 2),
                    List.of(UpnpType.service("Layer3Forwarding", 1))),
            new AdvertisedDevice(Udn.derived("b/wan"), UpnpType.device("WANDevice", 2),
                    List.of(UpnpType.service("WANCommonInterfaceConfig", 1))),
            new AdvertisedDevice(Udn.derived("b/conn"), UpnpType.device("WANConnectionDevice", 2),
                    List.of(UpnpType.service("WANIPConnection", 2), UpnpType.service("WANIPv6FirewallControl", 1)))),
            "/rootDesc.xml", 5000));

    @Benchmark
    public String baselineCopy() {
        return new String(MULTICAST_IGD, StandardCharsets.ISO_8859_1);
    }

    @Benchmark
    public SsdpMessage decodeIgdSearch() throws SsdpDecodingException {
        return SsdpDecoder.decode(MULTICAST_IGD, SsdpLimits.DEFAULT);
    }

    @Benchmark
    public void decodeAndMatchIgdSearch(Blackhole bh) throws SsdpDecodingException {
        decodeAndMatch(MULTICAST_IGD, bh);
    }

    @Benchmark
    public void decodeAndMatchSsdpAll(Blackhole bh) throws SsdpDecodingException {
        decodeAndMatch(ALL, bh);
    }

    @Benchmark
    public boolean rejectMalformed() {
        try {
            SsdpDecoder.decode(MALFORMED, SsdpLimits.DEFAULT);
            return true;
        } catch (SsdpDecodingException e) {
            return false;
        }
    }

    private void decodeAndMatch(byte[] datagram, Blackhole bh) throws SsdpDecodingException {
        SsdpMessage m = SsdpDecoder.decode(datagram, SsdpLimits.DEFAULT);
        bh.consume(SearchRules.validMan(m.header("MAN")));
        bh.consume(SearchRules.maxDelaySeconds(true, m.header("MX")));
        bh.consume(set.match(m.header("ST").orElseThrow()));
    }
}
