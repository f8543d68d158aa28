package org.portcullis.upnp.igd.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.igd.client.Descriptions;
import org.portcullis.upnp.igd.client.Gateway;
import org.portcullis.upnp.igd.client.GatewayException;

/**
 * Mutated real documents (fixed seeds, bounded count) give a value or a {@link GatewayException}, never another
 * exception. Jazzer is not a dependency of this module; these laws are the same ones its fuzz targets state.
 */
class HostileInputTest {
    private static final URI LOCATION = URI.create("http://192.168.77.1:5000/rootDesc.xml");
    private static final String[] SNIPPETS = {"<", ">", "&", "&amp;", "<!DOCTYPE x>", "<![CDATA[", "]]>", "\u0000",
        "</device>", "<device>", "<service>", "<controlURL>http://10.0.0.1/</controlURL>", "<URLBase>", "\uD800",
        "<?xml version=\"1.1\"?>", "xmlns:a=\"\"", "<a:b>", "&#0;", "&#x10FFFF;", "<serviceType>urn:x</serviceType>"};

    static byte[] mutate(byte[] seed, Random rnd) {
        String s = new String(seed, StandardCharsets.UTF_8);
        int edits = 1 + rnd.nextInt(4);
        for (int i = 0; i < edits && !s.isEmpty(); i++) {
            int at = rnd.nextInt(s.length());
            switch (rnd.nextInt(4)) {
                case 0 -> s = s.substring(0, at);
                case 1 -> s = s.substring(0, at) + SNIPPETS[rnd.nextInt(SNIPPETS.length)] + s.substring(at);
                case 2 -> s = s.substring(0, at) + s.substring(Math.min(s.length(), at + rnd.nextInt(40)));
                default -> s = s.substring(0, at) + (char) rnd.nextInt(0x80) + s.substring(at);
            }
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (rnd.nextInt(10) == 0 && b.length > 0) {
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    @Test
    void mutatedDescriptionsGiveAGatewayOrGatewayException() {
        Random rnd = new Random(20261127L);
        byte[][] seeds = {Descriptions.MINIUPNPD_2_3_1.getBytes(StandardCharsets.UTF_8),
            Descriptions.NO_NAMESPACE_PPP_AND_IP1.getBytes(StandardCharsets.UTF_8),
            Descriptions.prefixedWithUrlBase("http://192.168.77.1:5000").getBytes(StandardCharsets.UTF_8)};
        int parsed = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] doc = mutate(seeds[i % seeds.length], rnd);
            try {
                Gateway g = DescriptionParser.gateway(LOCATION, "", doc);
                assertThat(g.controlUrl().getHost()).isEqualTo(LOCATION.getHost());
                parsed++;
            } catch (GatewayException e) {
                assertThat(e.kind()).isNotNull();
            }
        }
        assertThat(parsed).isPositive();
    }

    @Test
    void mutatedListingsGiveEntriesOrGatewayException() {
        Random rnd = new Random(7L);
        byte[] seed = MappingsTest.LISTING.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3000; i++) {
            String doc = new String(mutate(seed, rnd), StandardCharsets.UTF_8);
            try {
                assertThat(Mappings.fromListing(doc, 10)).hasSizeLessThanOrEqualTo(10);
            } catch (GatewayException e) {
                assertThat(e.kind()).isNotNull();
            }
        }
    }
}
