package org.portcullis.upnp.igd.internal.table;

import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpType;

/**
 * The WANIPConnection version a request was made under (its SOAPACTION's), which decides error codes and the
 * meaning of lease 0 (spec/igd.md §4, §6).
 */
public enum Dialect {
    IGD1,
    IGD2;

    /** The dialect of a request naming this service type. */
    public static Dialect of(UpnpType serviceType) {
        return serviceType.version() >= 2 ? IGD2 : IGD1;
    }

    /** A policy refusal of an add: IGD:1 has no 606, miniupnpd answers 718 there. */
    UpnpErrorCode addRefused() {
        return this == IGD2 ? UpnpErrorCode.ACTION_NOT_AUTHORIZED : UpnpErrorCode.CONFLICT_IN_MAPPING_ENTRY;
    }

    /** A policy refusal of a delete of another client's mapping. */
    UpnpErrorCode deleteRefused() {
        return this == IGD2 ? UpnpErrorCode.ACTION_NOT_AUTHORIZED : UpnpErrorCode.NO_SUCH_ENTRY_IN_ARRAY;
    }

    /** UPnP switched off at run time. */
    UpnpErrorCode disabled() {
        return this == IGD2 ? UpnpErrorCode.ACTION_NOT_AUTHORIZED : UpnpErrorCode.ACTION_FAILED;
    }

    /** InternalPort 0. */
    UpnpErrorCode internalPortWildcard() {
        return this == IGD2 ? UpnpErrorCode.WILDCARD_NOT_PERMITTED_IN_INT_PORT : UpnpErrorCode.INVALID_ARGS;
    }

    /** Empty InternalClient. */
    UpnpErrorCode internalClientWildcard() {
        return this == IGD2 ? UpnpErrorCode.WILDCARD_NOT_PERMITTED_IN_SRC_IP : UpnpErrorCode.INVALID_ARGS;
    }
}
