package org.portcullis.upnp.ssdp.internal;

import java.net.NetworkInterface;
import java.net.SocketException;
import org.portcullis.upnp.core.net.LanBindingException;
import org.portcullis.upnp.core.net.LanInterface;

/** Resolves a {@link LanInterface} to the JDK interface that multicast options and group joins need. */
public final class NetworkInterfaces {
    private NetworkInterfaces() {}

    /** @throws LanBindingException naming the interface when it is gone or unreadable */
    public static NetworkInterface of(LanInterface lan) {
        try {
            NetworkInterface nif = NetworkInterface.getByName(lan.name());
            if (nif == null) {
                throw new LanBindingException("no such interface: " + lan.name());
            }
            return nif;
        } catch (SocketException e) {
            throw new LanBindingException("cannot read interface " + lan.name() + ": " + e.getMessage());
        }
    }
}
