package org.portcullis.upnp.examples.it;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jupnp.DefaultUpnpServiceConfiguration;
import org.jupnp.UpnpService;
import org.jupnp.UpnpServiceImpl;
import org.jupnp.controlpoint.SubscriptionCallback;
import org.jupnp.model.gena.CancelReason;
import org.jupnp.model.gena.GENASubscription;
import org.jupnp.model.message.UpnpResponse;
import org.jupnp.model.meta.RemoteDevice;
import org.jupnp.model.meta.RemoteService;
import org.jupnp.registry.DefaultRegistryListener;
import org.jupnp.registry.Registry;

/**
 * jUPnP as an independent control point, run by {@link GenaJupnpIT} as its own JVM inside the LAN namespace (with
 * {@code -Dorg.jupnp.network.useInterfaces=lan0}): discovers the gateway, subscribes to WANIPConnection and prints
 * one line per event, {@code EVENT seq=<n> Name=value ...}, until the given number of seconds has passed.
 */
public final class GenaJupnpProbe {
    private GenaJupnpProbe() {}

    public static void main(String[] args) throws InterruptedException {
        long seconds = Long.parseLong(args[0]);
        UpnpService upnp = new UpnpServiceImpl(new DefaultUpnpServiceConfiguration());
        upnp.startup();
        AtomicBoolean subscribed = new AtomicBoolean();
        upnp.getRegistry().addListener(new DefaultRegistryListener() {
            @Override
            public void remoteDeviceAdded(Registry registry, RemoteDevice device) {
                for (RemoteService s : device.findServices()) {
                    if (s.getServiceType().getType().equals("WANIPConnection") && subscribed.compareAndSet(false, true)) {
                        print("FOUND " + s.getServiceType() + " at " + device.getIdentity().getDescriptorURL());
                        upnp.getControlPoint().execute(callback(s));
                    }
                }
            }
        });
        upnp.getControlPoint().search();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int searches = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            if (!subscribed.get() && ++searches % 4 == 0) {
                upnp.getControlPoint().search();
            }
        }
        upnp.shutdown();
        print("DONE");
    }

    private static SubscriptionCallback callback(RemoteService service) {
        return new SubscriptionCallback(service, 1800) {
            @Override
            protected void established(GENASubscription sub) {
                print("ESTABLISHED " + sub.getSubscriptionId() + " timeout=" + sub.getActualDurationSeconds());
            }

            @Override
            protected void failed(GENASubscription sub, UpnpResponse response, Exception e, String message) {
                print("FAILED " + message);
            }

            @Override
            protected void ended(GENASubscription sub, CancelReason reason, UpnpResponse response) {
                print("ENDED " + reason);
            }

            @Override
            @SuppressWarnings("unchecked")
            protected void eventReceived(GENASubscription sub) {
                Map<String, Object> values = new TreeMap<>();
                ((Map<String, ?>) sub.getCurrentValues()).forEach((k, v) -> values.put(k, v));
                StringBuilder line = new StringBuilder("EVENT seq=" + sub.getCurrentSequence().getValue());
                values.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
                print(line.toString());
            }

            @Override
            protected void eventsMissed(GENASubscription sub, int missed) {
                print("MISSED " + missed);
            }
        };
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
