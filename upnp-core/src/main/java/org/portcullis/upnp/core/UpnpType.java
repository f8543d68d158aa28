package org.portcullis.upnp.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A device or service type URN, {@code urn:<domain>:<device|service>:<type>:<version>} (UDA 1.1 §1.1.2).
 *
 * @param domain  {@code schemas-upnp-org} for standard types, a vendor domain (with '.' replaced by '-') otherwise
 * @param kind    whether this names a device or a service type
 * @param type    the type name, at most 64 characters
 * @param version the version, at least 1
 */
public record UpnpType(String domain, Kind kind, String type, int version) {
    /** Standard UPnP domain. */
    public static final String UPNP_DOMAIN = "schemas-upnp-org";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Device or service. */
    public enum Kind {
        DEVICE("device"),
        SERVICE("service");

        private final String token;

        Kind(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    public UpnpType {
        Objects.requireNonNull(kind, "kind");
        if (domain == null || !TOKEN.matcher(domain).matches()) {
            throw new IllegalArgumentException("invalid URN domain");
        }
        if (type == null || !TOKEN.matcher(type).matches()) {
            throw new IllegalArgumentException("invalid type name");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1");
        }
    }

    /** A standard device type, {@code urn:schemas-upnp-org:device:<type>:<version>}. */
    public static UpnpType device(String type, int version) {
        return new UpnpType(UPNP_DOMAIN, Kind.DEVICE, type, version);
    }

    /** A standard service type, {@code urn:schemas-upnp-org:service:<type>:<version>}. */
    public static UpnpType service(String type, int version) {
        return new UpnpType(UPNP_DOMAIN, Kind.SERVICE, type, version);
    }

    /**
     * Parses a type URN; returns {@code null}-free results or throws {@link IllegalArgumentException} on anything
     * that is not exactly five colon-separated parts with a positive decimal version of at most 9 digits.
     */
    public static UpnpType parse(String urn) {
        Objects.requireNonNull(urn, "urn");
        if (urn.length() > 256) {
            throw new IllegalArgumentException("URN too long");
        }
        String[] parts = urn.split(":", -1);
        if (parts.length != 5 || !parts[0].equalsIgnoreCase("urn")) {
            throw new IllegalArgumentException("not a type URN");
        }
        Kind kind;
        if (parts[2].equals("device")) {
            kind = Kind.DEVICE;
        } else if (parts[2].equals("service")) {
            kind = Kind.SERVICE;
        } else {
            throw new IllegalArgumentException("not a device or service URN");
        }
        String v = parts[4];
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid version");
        }
        return new UpnpType(parts[1], kind, parts[3], Integer.parseInt(v));
    }

    /** The same type at another version. */
    public UpnpType withVersion(int newVersion) {
        return new UpnpType(domain, kind, type, newVersion);
    }

    /** True if this and {@code other} differ at most in their version. */
    public boolean sameTypeAs(UpnpType other) {
        return domain.equals(other.domain) && kind == other.kind && type.equals(other.type);
    }

    /** The URN text. */
    public String urn() {
        return "urn:" + domain + ':' + kind.token() + ':' + type + ':' + version;
    }

    @Override
    public String toString() {
        return urn();
    }
}
