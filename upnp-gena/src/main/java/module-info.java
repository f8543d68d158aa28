/**
 * Portcullis GENA eventing. This release holds only the module skeleton: event subscription URLs answer
 * {@code 501 Not Implemented} from the IGD until eventing lands (see the control-and-eventing issue).
 */
module org.portcullis.upnp.gena {
    requires transitive org.portcullis.upnp.core;
    requires org.slf4j;

    exports org.portcullis.upnp.gena;
}
