package org.portcullis.upnp.core.internal.xml;

/**
 * Limits applied by {@link SafeXml} readers. The input is already capped in bytes before XML sees it; these bound
 * what a small document can still make the parser do.
 *
 * @param maxDepth             element nesting depth
 * @param maxElements          element count in the document
 * @param maxAttributesPerElement attributes on one element
 * @param maxAttributeBytes    length of one attribute value
 * @param maxTextBytes         length of one text node
 * @param maxTotalCharacters   characters in the whole document
 */
public record XmlLimits(
        int maxDepth,
        int maxElements,
        int maxAttributesPerElement,
        int maxAttributeBytes,
        int maxTextBytes,
        long maxTotalCharacters) {
    public static final int DEFAULT_MAX_DEPTH = 16;
    public static final int DEFAULT_MAX_ELEMENTS = 512;
    public static final int DEFAULT_MAX_ATTRIBUTES_PER_ELEMENT = 16;
    public static final int DEFAULT_MAX_ATTRIBUTE_BYTES = 1024;
    public static final int DEFAULT_MAX_TEXT_BYTES = 8192;
    public static final long DEFAULT_MAX_TOTAL_CHARACTERS = 65536;

    public XmlLimits {
        if (maxDepth <= 0 || maxElements <= 0 || maxAttributesPerElement <= 0 || maxAttributeBytes <= 0
                || maxTextBytes <= 0 || maxTotalCharacters <= 0) {
            throw new IllegalArgumentException("XML limits must be positive");
        }
    }

    public static XmlLimits defaults() {
        return new XmlLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_ATTRIBUTES_PER_ELEMENT,
                DEFAULT_MAX_ATTRIBUTE_BYTES, DEFAULT_MAX_TEXT_BYTES, DEFAULT_MAX_TOTAL_CHARACTERS);
    }
}
