package org.portcullis.upnp.core.description;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.portcullis.upnp.core.Udn;
import org.portcullis.upnp.core.UpnpType;

/**
 * A device in a description document, with its services and embedded devices.
 *
 * @param deviceType       device type URN
 * @param friendlyName     short user-facing name (under 64 characters)
 * @param manufacturer     manufacturer name
 * @param modelName        model name
 * @param modelNumber      model number, if any
 * @param modelDescription long description, if any
 * @param serialNumber     serial number, if any
 * @param udn              the unique device name
 * @param presentationUrl  presentation page path, if any (root device only in practice)
 * @param services         the services
 * @param devices          embedded devices
 */
public record DeviceDescription(
        UpnpType deviceType,
        String friendlyName,
        String manufacturer,
        String modelName,
        Optional<String> modelNumber,
        Optional<String> modelDescription,
        Optional<String> serialNumber,
        Udn udn,
        Optional<String> presentationUrl,
        List<ServiceDescription> services,
        List<DeviceDescription> devices) {
    public DeviceDescription {
        Objects.requireNonNull(deviceType, "deviceType");
        if (deviceType.kind() != UpnpType.Kind.DEVICE) {
            throw new IllegalArgumentException("not a device type: " + deviceType);
        }
        Objects.requireNonNull(friendlyName, "friendlyName");
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(udn, "udn");
        services = List.copyOf(services);
        devices = List.copyOf(devices);
    }

    /** This device and every embedded device, depth first, root first. */
    public List<DeviceDescription> allDevices() {
        List<DeviceDescription> out = new ArrayList<>();
        walk(out::add);
        return out;
    }

    private void walk(Consumer<DeviceDescription> c) {
        c.accept(this);
        devices.forEach(d -> d.walk(c));
    }

    /** Every service of this device tree, depth first. */
    public List<ServiceDescription> allServices() {
        List<ServiceDescription> out = new ArrayList<>();
        for (DeviceDescription d : allDevices()) {
            out.addAll(d.services());
        }
        return out;
    }

    public static Builder builder(UpnpType deviceType, Udn udn) {
        return new Builder(deviceType, udn);
    }

    /** Builder for descriptions. */
    public static final class Builder {
        private final UpnpType deviceType;
        private final Udn udn;
        private String friendlyName = "Portcullis";
        private String manufacturer = "Portcullis";
        private String modelName = "Portcullis";
        private Optional<String> modelNumber = Optional.empty();
        private Optional<String> modelDescription = Optional.empty();
        private Optional<String> serialNumber = Optional.empty();
        private Optional<String> presentationUrl = Optional.empty();
        private final List<ServiceDescription> services = new ArrayList<>();
        private final List<DeviceDescription> devices = new ArrayList<>();

        private Builder(UpnpType deviceType, Udn udn) {
            this.deviceType = deviceType;
            this.udn = udn;
        }

        public Builder friendlyName(String v) {
            friendlyName = v;
            return this;
        }

        public Builder manufacturer(String v) {
            manufacturer = v;
            return this;
        }

        public Builder modelName(String v) {
            modelName = v;
            return this;
        }

        public Builder modelNumber(String v) {
            modelNumber = Optional.of(v);
            return this;
        }

        public Builder modelDescription(String v) {
            modelDescription = Optional.of(v);
            return this;
        }

        public Builder serialNumber(String v) {
            serialNumber = Optional.of(v);
            return this;
        }

        public Builder presentationUrl(String v) {
            presentationUrl = Optional.of(v);
            return this;
        }

        public Builder service(ServiceDescription s) {
            services.add(s);
            return this;
        }

        public Builder device(DeviceDescription d) {
            devices.add(d);
            return this;
        }

        public DeviceDescription build() {
            return new DeviceDescription(deviceType, friendlyName, manufacturer, modelName, modelNumber,
                    modelDescription, serialNumber, udn, presentationUrl, services, devices);
        }
    }
}
