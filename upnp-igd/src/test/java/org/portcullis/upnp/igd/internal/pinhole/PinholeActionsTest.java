package org.portcullis.upnp.igd.internal.pinhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.igd.MappingPolicy;
import org.portcullis.upnp.igd.internal.device.IgdDeviceTree;
import org.portcullis.upnp.igd.internal.table.FakeClock;
import org.portcullis.upnp.igd.internal.wanip.WorkerActions;
import org.portcullis.upnp.soap.ActionArgument;
import org.portcullis.upnp.soap.ActionContext;
import org.portcullis.upnp.soap.ActionRequest;

/** The action bodies as the SOAP layer calls them, with a requester on the LAN's ULA prefix. */
class PinholeActionsTest {
    private static final UpnpType FC = IgdDeviceTree.WAN_IPV6_FIREWALL_CONTROL1;
    private final FakeClock clock = new FakeClock();
    private final PinholeTable table = new PinholeTable(MappingPolicy.secure(), PinholeTableTest.lan(), clock,
            new DropCounters(), () -> true);
    private final Map<String, WorkerActions.Body> bodies = new PinholeActions(table).bodies();

    private List<ActionArgument> call(String from, String action, String... args) throws UpnpException {
        List<ActionArgument> in = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            in.add(new ActionArgument(args[i], args[i + 1]));
        }
        ActionContext c = new ActionContext(new InetSocketAddress(PinholeTableTest.ip(from), 40000),
                new InetSocketAddress(PinholeTableTest.ip("fd77::1"), 5000));
        return bodies.get(action).run(new ActionRequest(FC, action, in), c);
    }

    private List<ActionArgument> add(String from, String client, String port, String proto, String lease)
            throws UpnpException {
        return call(from, "AddPinhole", "RemoteHost", "", "RemotePort", "0", "InternalClient", client,
                "InternalPort", port, "Protocol", proto, "LeaseTime", lease);
    }

    @Test
    void everyActionOfTheScpdHasABody() {
        assertThat(bodies.keySet()).containsExactlyInAnyOrderElementsOf(
                org.portcullis.upnp.igd.internal.device.IgdScpds.wanIpv6FirewallControl1().actions().stream()
                        .map(a -> a.name()).toList());
    }

    @Test
    void addUpdatePacketsCheckDelete() throws Exception {
        assertThat(call("fd77::2", "GetFirewallStatus")).containsExactly(
                new ActionArgument("FirewallEnabled", "1"), new ActionArgument("InboundPinholeAllowed", "1"));
        List<ActionArgument> added = add("fd77::2", "fd77::2", "8080", "6", "3600");
        assertThat(added).containsExactly(new ActionArgument("UniqueID", "1"));
        assertThat(call("fd77::2", "UpdatePinhole", "UniqueID", "1", "NewLeaseTime", "7200")).isEmpty();
        assertThat(call("fd77::2", "GetPinholePackets", "UniqueID", "1"))
                .containsExactly(new ActionArgument("PinholePackets", "0"));
        assertThatThrownBy(() -> call("fd77::2", "CheckPinholeWorking", "UniqueID", "1"))
                .isInstanceOfSatisfying(UpnpException.class, e -> assertThat(e.errorCode()).isEqualTo(709));
        assertThatThrownBy(() -> call("fd77::3", "DeletePinhole", "UniqueID", "1"))
                .isInstanceOfSatisfying(UpnpException.class, e -> assertThat(e.errorCode()).isEqualTo(606));
        assertThat(call("fd77::2", "DeletePinhole", "UniqueID", "1")).isEmpty();
        assertThatThrownBy(() -> call("fd77::2", "GetPinholePackets", "UniqueID", "1"))
                .isInstanceOfSatisfying(UpnpException.class, e -> assertThat(e.errorCode()).isEqualTo(704));
    }

    @Test
    void malformedNumbersAre402() {
        for (String bad : List.of("", "-1", "65536", "x", "99999999999")) {
            assertThatThrownBy(() -> add("fd77::2", "fd77::2", bad, "6", "60"))
                    .isInstanceOfSatisfying(UpnpException.class, e -> assertThat(e.errorCode()).isEqualTo(402));
        }
        assertThatThrownBy(() -> call("fd77::2", "AddPinhole", "RemoteHost", ""))
                .isInstanceOfSatisfying(UpnpException.class, e -> assertThat(e.errorCode()).isEqualTo(402));
    }
}
