package org.portcullis.upnp.igd.internal.table;

import java.util.ArrayList;
import java.util.List;
import org.portcullis.upnp.igd.PortMapping;
import org.portcullis.upnp.igd.spi.NatBackend;
import org.portcullis.upnp.igd.spi.NatBackendException;

/** A NAT backend that records what is installed and fails on request. */
public final class RecordingNatBackend implements NatBackend {
    public final List<PortMapping> installed = new ArrayList<>();
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
