package org.portcullis.upnp.igd.internal.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import org.portcullis.upnp.igd.PinholeRule;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.spi.NatBackend;

/**
 * Remembers mappings and pinholes without forwarding anything. Since no packet ever passes through it, every
 * pinhole's packet count is 0 (so CheckPinholeWorking answers 709).
 */
public final class InMemoryNatBackend implements NatBackend {
    private final Map<PortMapping.Key, PortMapping> installed = new ConcurrentSkipListMap<>();
    private final Map<Integer, PinholeRule> pinholes = new ConcurrentSkipListMap<>();

    @Override
    public void add(PortMapping mapping) {
        installed.put(mapping.key(), mapping);
    }

    @Override
    public void remove(PortMapping mapping) {
        installed.remove(mapping.key());
    }

    @Override
    public List<PortMapping> installed() {
        return new ArrayList<>(installed.values());
    }

    @Override
    public void addPinhole(PinholeRule rule) {
        pinholes.put(rule.id(), rule);
    }

    @Override
    public void removePinhole(PinholeRule rule) {
        pinholes.remove(rule.id());
    }

    @Override
    public List<PinholeRule> installedPinholes() {
        return new ArrayList<>(pinholes.values());
    }

    @Override
    public OptionalLong pinholePackets(int id) {
        return pinholes.containsKey(id) ? OptionalLong.of(0) : OptionalLong.empty();
    }
}
