package org.portcullis.upnp.core;

import java.util.Optional;

/**
 * UPnP error codes carried in SOAP faults ({@code <UPnPError>}) and by {@link UpnpException}.
 *
 * <p>400-499 are defined by the UPnP Device Architecture (UDA 1.1 §3.2.2), 600-699 are common action errors, and
 * 700-799 belong to the service that defines the action (here mostly WANIPConnection, see the IGD spec). Codes
 * 724-727 are IGD:1-only and must not be sent by IGD:2 devices.
 */
public enum UpnpErrorCode {
    INVALID_ACTION(401, "Invalid Action"),
    INVALID_ARGS(402, "Invalid Args"),
    INVALID_VAR(404, "Invalid Var"),
    ACTION_FAILED(501, "Action Failed"),
    ARGUMENT_VALUE_INVALID(600, "Argument Value Invalid"),
    ARGUMENT_VALUE_OUT_OF_RANGE(601, "Argument Value Out of Range"),
    OPTIONAL_ACTION_NOT_IMPLEMENTED(602, "Optional Action Not Implemented"),
    OUT_OF_MEMORY(603, "Out of Memory"),
    HUMAN_INTERVENTION_REQUIRED(604, "Human Intervention Required"),
    STRING_ARGUMENT_TOO_LONG(605, "String Argument Too Long"),
    ACTION_NOT_AUTHORIZED(606, "Action not authorized"),
    INACTIVE_CONNECTION_STATE_REQUIRED(703, "InactiveConnectionStateRequired"),
    CONNECTION_SETUP_FAILED(704, "ConnectionSetupFailed"),
    CONNECTION_SETUP_IN_PROGRESS(705, "ConnectionSetupInProgress"),
    CONNECTION_NOT_CONFIGURED(706, "ConnectionNotConfigured"),
    DISCONNECT_IN_PROGRESS(707, "DisconnectInProgress"),
    INVALID_CONNECTION_TYPE(710, "InvalidConnectionType"),
    CONNECTION_ALREADY_TERMINATED(711, "ConnectionAlreadyTerminated"),
    SPECIFIED_ARRAY_INDEX_INVALID(713, "SpecifiedArrayIndexInvalid"),
    NO_SUCH_ENTRY_IN_ARRAY(714, "NoSuchEntryInArray"),
    WILDCARD_NOT_PERMITTED_IN_SRC_IP(715, "WildCardNotPermittedInSrcIP"),
    WILDCARD_NOT_PERMITTED_IN_EXT_PORT(716, "WildCardNotPermittedInExtPort"),
    CONFLICT_IN_MAPPING_ENTRY(718, "ConflictInMappingEntry"),
    SAME_PORT_VALUES_REQUIRED(724, "SamePortValuesRequired"),
    ONLY_PERMANENT_LEASES_SUPPORTED(725, "OnlyPermanentLeasesSupported"),
    REMOTE_HOST_ONLY_SUPPORTS_WILDCARD(726, "RemoteHostOnlySupportsWildcard"),
    EXTERNAL_PORT_ONLY_SUPPORTS_WILDCARD(727, "ExternalPortOnlySupportsWildcard"),
    NO_PORT_MAPS_AVAILABLE(728, "NoPortMapsAvailable"),
    CONFLICT_WITH_OTHER_MECHANISMS(729, "ConflictWithOtherMechanisms"),
    PORT_MAPPING_NOT_FOUND(730, "PortMappingNotFound"),
    READ_ONLY(731, "ReadOnly"),
    WILDCARD_NOT_PERMITTED_IN_INT_PORT(732, "WildCardNotPermittedInIntPort"),
    INCONSISTENT_PARAMETERS(733, "InconsistentParameters");

    private final int code;
    private final String description;

    UpnpErrorCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The numeric code as sent in {@code <errorCode>}. */
    public int code() {
        return code;
    }

    /** The spec's short description, sent in {@code <errorDescription>}. */
    public String description() {
        return description;
    }

    /** Looks a numeric code up; codes this enum does not name give an empty result. */
    public static Optional<UpnpErrorCode> of(int code) {
        for (UpnpErrorCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
