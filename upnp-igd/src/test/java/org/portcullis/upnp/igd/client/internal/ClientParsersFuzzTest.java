package org.portcullis.upnp.igd.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.portcullis.upnp.igd.client.Gateway;
import org.portcullis.upnp.igd.client.GatewayException;

/**
 * The client's parsers of what a gateway sends: any bytes give a value or a {@link GatewayException}, never
 * another exception, and a parsed gateway never points its control URL at another host. Plain {@code mvn test}
 * replays the seeds in {@code ClientParsersFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ClientParsersFuzzTest {
    private static final URI LOCATION = URI.create("http://192.168.77.1:5000/rootDesc.xml");

    @FuzzTest(maxDuration = "30s")
    void description(byte[] document) {
        try {
            Gateway g = DescriptionParser.gateway(LOCATION, "", document);
            assertThat(g.controlUrl().getHost()).isEqualTo(LOCATION.getHost());
        } catch (GatewayException e) {
            assertThat(e.kind()).isNotNull();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void portMappingList(byte[] listing) {
        try {
            assertThat(Mappings.fromListing(new String(listing, StandardCharsets.UTF_8), 16))
                    .hasSizeLessThanOrEqualTo(16);
        } catch (GatewayException e) {
            assertThat(e.kind()).isNotNull();
        }
    }
}
