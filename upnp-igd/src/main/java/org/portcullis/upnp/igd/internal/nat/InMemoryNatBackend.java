package org.portcullis.upnp.igd.internal.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.spi.NatBackend;

/** Remembers mappings without forwarding anything. */
public final class InMemoryNatBackend implements NatBackend {
    private final Map<PortMapping.Key, PortMapping> installed = new ConcurrentSkipListMap<>();

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
}
