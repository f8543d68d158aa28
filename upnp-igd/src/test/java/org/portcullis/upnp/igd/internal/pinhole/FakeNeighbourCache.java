package org.portcullis.upnp.igd.internal.pinhole;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A neighbour cache per device held in memory; a solicited address may appear, and reads may be made to fail. */
final class FakeNeighbourCache implements NeighbourCache {
    final Map<String, Map<Inet6Address, String>> devices = new HashMap<>();
    final Map<Inet6Address, String> answersSolicitation = new HashMap<>();
    final List<String> solicited = new ArrayList<>();
    int reads;
    boolean failing;

    FakeNeighbourCache entry(String dev, String address, String mac) {
        devices.computeIfAbsent(dev, d -> new HashMap<>()).put(v6(address), mac);
        return this;
    }

    static Inet6Address v6(String s) {
        return (Inet6Address) PinholeTableTest.ip(s);
    }

    @Override
    public Map<Inet6Address, String> usable(String device) throws NeighbourLookupException {
        reads++;
        if (failing) {
            throw new NeighbourLookupException("ip: not found");
        }
        return Map.copyOf(devices.getOrDefault(device, Map.of()));
    }

    @Override
    public void solicit(String device, Inet6Address address) {
        solicited.add(device + " " + address.getHostAddress());
        String mac = answersSolicitation.get(address);
        if (mac != null) {
            devices.computeIfAbsent(device, d -> new HashMap<>()).put(address, mac);
        }
    }
}
