package org.portcullis.upnp.igd.client;

import java.time.Duration;
import java.util.List;
import org.portcullis.upnp.core.net.LanInterface;

/**
 * Blocking shortcuts over a short-lived {@link GatewayClient}.
 *
 * <pre>{@code
 * List<Gateway> gws = Gateways.discover(LanInterface.lookup("eth0"), Duration.ofSeconds(2));
 * }</pre>
 */
public final class Gateways {
    private Gateways() {}

    /** {@link GatewayClient#discover} with a client that is closed before returning. */
    public static List<Gateway> discover(LanInterface lan, Duration searchTime)
            throws GatewayException, InterruptedException {
        try (GatewayClient client = GatewayClient.create()) {
            return GatewayClient.await(client.discover(lan, searchTime));
        }
    }
}
