package org.portcullis.upnp.core.description;

/** UPnP state-variable data types used by Portcullis's services (UDA 1.1 §2.5, table 2-3). */
public enum DataType {
    UI1("ui1", 0, 255),
    UI2("ui2", 0, 65535),
    UI4("ui4", 0, 4294967295L),
    I1("i1", -128, 127),
    I2("i2", -32768, 32767),
    I4("i4", Integer.MIN_VALUE, Integer.MAX_VALUE),
    BOOLEAN("boolean", 0, 1),
    STRING("string", 0, 0),
    DATE_TIME("dateTime", 0, 0),
    BIN_BASE64("bin.base64", 0, 0);

    private final String token;
    private final long min;
    private final long max;

    DataType(String token, long min, long max) {
        this.token = token;
        this.min = min;
        this.max = max;
    }

    /** The name used in {@code <dataType>}. */
    public String token() {
        return token;
    }

    /** True for the integer types. */
    public boolean isInteger() {
        return this == UI1 || this == UI2 || this == UI4 || this == I1 || this == I2 || this == I4;
    }

    /** Smallest value of an integer type. */
    public long min() {
        return min;
    }

    /** Largest value of an integer type. */
    public long max() {
        return max;
    }
}
