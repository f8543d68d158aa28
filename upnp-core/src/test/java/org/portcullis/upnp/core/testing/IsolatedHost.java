package org.portcullis.upnp.core.testing;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fresh network namespace, {@code pcHEX-<role>}, with only {@code lo} up (multicast on, with a 239.0.0.0/8
 * route), for tests that must not touch the host's network. {@link #addVethPair} adds a veth pair with both ends
 * inside it, e.g. to give an interface a public address. Closing kills its processes and deletes it; idempotent,
 * and also done by a JVM shutdown hook.
 */
public final class IsolatedHost implements AutoCloseable {
    private final String ns;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread hook;

    private IsolatedHost(String ns) {
        this.ns = ns;
        this.hook = new Thread(this::delete, "netns-cleanup-" + ns);
    }

    /** Skips (fails under {@code CI=true}) unless namespaces can be created here. */
    public static void assumeAvailable() {
        NetworkNamespaces.assumeAvailable();
    }

    /** @param role a short tag in the name, e.g. {@code lo} (letters and digits, at most 4) */
    public static IsolatedHost create(String role) {
        if (!role.matches("[a-z0-9]{1,4}")) {
            throw new IllegalArgumentException("role must be 1-4 of [a-z0-9]: " + role);
        }
        IsolatedHost h = new IsolatedHost("pc" + NetworkNamespaces.uniqueSuffix() + "-" + role);
        Runtime.getRuntime().addShutdownHook(h.hook);
        try {
            NetworkNamespaces.ip("netns", "add", h.ns);
            NetworkNamespaces.exec(h.ns, "ip", "link", "set", "lo", "multicast", "on", "up");
            NetworkNamespaces.exec(h.ns, "ip", "route", "add", ThreeHostTopology.MULTICAST_ROUTE, "dev", "lo");
        } catch (RuntimeException | Error e) {
            h.close();
            throw e;
        }
        return h;
    }

    /**
     * Adds veth pair {@code name}/{@code peer} inside this namespace, both up, with {@code cidr} (e.g.
     * {@code 100.64.0.1/24}) on {@code name}.
     */
    public IsolatedHost addVethPair(String name, String peer, String cidr) {
        NetworkNamespaces.ip("link", "add", name, "netns", ns, "type", "veth", "peer", "name", peer, "netns", ns);
        NetworkNamespaces.exec(ns, "ip", "addr", "add", cidr, "dev", name);
        NetworkNamespaces.exec(ns, "ip", "link", "set", peer, "up");
        NetworkNamespaces.exec(ns, "ip", "link", "set", name, "multicast", "on", "up");
        return this;
    }

    public String namespace() {
        return ns;
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down
        }
    }

    private void delete() {
        if (closed.compareAndSet(false, true) && !NetworkNamespaces.delete(ns)) {
            System.err.println("IsolatedHost: could not delete namespace " + ns);
        }
    }

    @Override
    public String toString() {
        return "IsolatedHost[" + ns + "]";
    }
}
