package org.portcullis.upnp.igd.internal.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.portcullis.upnp.igd.PinholeRule;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.spi.NatBackend;
import org.portcullis.upnp.igd.spi.NatBackendException;

/** A NAT backend that records what is installed (mappings and pinholes) and fails on request. */
public final class RecordingNatBackend implements NatBackend {
    public final List<PortMapping> installed = new ArrayList<>();
    public final Map<Integer, PinholeRule> pinholes = new java.util.TreeMap<>();
    /** Packet counts reported by pinholePackets (absent id: 0 when installed). */
    public final Map<Integer, Long> packets = new HashMap<>();
    /** Number of addPinhole and removePinhole calls that reached the backend (failed ones included). */
    public int pinholeCalls;
    public boolean failNext;
    public boolean failAlways;
    /** Fails the call after this many more successful calls (negative: never). */
    public int failAfter = -1;

    @Override
    public synchronized void add(PortMapping mapping) throws NatBackendException {
        check();
        installed.removeIf(m -> m.key().equals(mapping.key()));
        installed.add(mapping);
    }

    @Override
    public synchronized void remove(PortMapping mapping) throws NatBackendException {
        check();
        installed.removeIf(m -> m.key().equals(mapping.key()));
    }

    @Override
    public synchronized List<PortMapping> installed() {
        return List.copyOf(installed);
    }

    @Override
    public synchronized void addPinhole(PinholeRule rule) throws NatBackendException {
        pinholeCalls++;
        check();
        pinholes.put(rule.id(), rule);
    }

    @Override
    public synchronized void removePinhole(PinholeRule rule) throws NatBackendException {
        pinholeCalls++;
        check();
        pinholes.remove(rule.id());
    }

    @Override
    public synchronized List<PinholeRule> installedPinholes() {
        return List.copyOf(pinholes.values());
    }

    @Override
    public synchronized OptionalLong pinholePackets(int id) throws NatBackendException {
        check();
        return pinholes.containsKey(id) ? OptionalLong.of(packets.getOrDefault(id, 0L)) : OptionalLong.empty();
    }

    @Override
    public void close() {}

    private void check() throws NatBackendException {
        if (failAfter == 0) {
            failAfter = -1;
            throw new NatBackendException("injected failure");
        }
        if (failAfter > 0) {
            failAfter--;
        }
        if (failNext || failAlways) {
            failNext = false;
            throw new NatBackendException("injected failure");
        }
    }
}
