package org.portcullis.upnp.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterfaceWatcherTest {
    private final Map<String, Object> os = new HashMap<>(); // name -> LanInterface or LanBindingException
    private final List<List<LanInterface>> reported = new ArrayList<>();

    private static LanInterface lan(String name, String... cidrs) throws Exception {
        List<LanAddress> out = new ArrayList<>();
        for (String c : cidrs) {
            String[] p = c.split("/");
            out.add(new LanAddress(InetAddress.getByName(p[0]), Integer.parseInt(p[1])));
        }
        return new LanInterface(name, 3, out);
    }

    private InterfaceWatcher watcher(List<LanInterface> initial) {
        return new InterfaceWatcher(initial, name -> {
            Object o = os.get(name);
            if (o instanceof LanBindingException e) {
                throw e;
            }
            if (o == null) {
                throw new LanBindingException("no such interface: " + name);
            }
            return (LanInterface) o;
        }, reported::add, null);
    }

    @Test
    void unchangedInterfacesAreNotReported() throws Exception {
        LanInterface a = lan("rlan0", "192.168.77.1/24");
        os.put("rlan0", a);
        InterfaceWatcher w = watcher(List.of(a));
        assertThat(w.poll()).isFalse();
        assertThat(w.poll()).isFalse();
        assertThat(reported).isEmpty();
    }

    @Test
    void addressChangeDownAndUpAreReported() throws Exception {
        LanInterface a = lan("rlan0", "192.168.77.1/24");
        LanInterface b = lan("rlan0", "192.168.78.1/24");
        os.put("rlan0", a);
        InterfaceWatcher w = watcher(List.of(a));
        os.put("rlan0", b);
        assertThat(w.poll()).isTrue();
        os.put("rlan0", new LanBindingException("interface rlan0 is down"));
        assertThat(w.poll()).isTrue();
        assertThat(w.poll()).isFalse();
        os.put("rlan0", b);
        assertThat(w.poll()).isTrue();
        assertThat(reported).containsExactly(List.of(b), List.of(), List.of(b));
        assertThat(w.current()).containsExactly(b);
    }

    @Test
    void interfaceTurningPublicStopsBeingServedOthersStay() throws Exception {
        LanInterface a = lan("rlan0", "192.168.77.1/24");
        LanInterface c = lan("rlan1", "10.0.0.1/8", "fd77::1/64");
        os.put("rlan0", a);
        os.put("rlan1", c);
        InterfaceWatcher w = watcher(List.of(a, c));
        os.put("rlan0", new LanBindingException("interface rlan0 has non-LAN address 8.8.8.8 (PUBLIC): refusing"));
        assertThat(w.poll()).isTrue();
        assertThat(reported).containsExactly(List.of(c));
    }

    @Test
    void realLookupOfLoopbackIsStable() throws Exception {
        LanInterface lo = LanInterface.lookup("lo");
        try (InterfaceWatcher w = InterfaceWatcher.start(List.of(lo), java.time.Duration.ofMillis(50), reported::add)) {
            Thread.sleep(200);
            assertThat(w.current()).containsExactly(lo);
        }
        assertThat(reported).isEmpty();
    }
}
