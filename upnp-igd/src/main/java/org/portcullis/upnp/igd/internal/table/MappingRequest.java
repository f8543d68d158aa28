package org.portcullis.upnp.igd.internal.table;

import org.portcullis.upnp.igd.Protocol;

/**
 * An AddPortMapping request after argument type checks, before policy.
 *
 * @param remoteHost     remote host text ("" for any)
 * @param externalPort   0..65535 (0 is the wildcard, refused with 716)
 * @param protocol       protocol
 * @param internalPort   0..65535 (0 refused)
 * @param internalClient internal client text as sent
 * @param enabled        NewEnabled
 * @param description    NewPortMappingDescription
 * @param leaseSeconds   NewLeaseDuration (0 means the maximum lease)
 */
public record MappingRequest(
        String remoteHost,
        int externalPort,
        Protocol protocol,
        int internalPort,
        String internalClient,
        boolean enabled,
        String description,
        long leaseSeconds) {}
