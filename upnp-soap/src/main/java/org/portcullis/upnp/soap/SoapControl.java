package org.portcullis.upnp.soap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.portcullis.upnp.core.UpnpErrorCode;
import org.portcullis.upnp.core.UpnpException;
import org.portcullis.upnp.core.UpnpType;
import org.portcullis.upnp.core.description.Action;
import org.portcullis.upnp.core.description.Argument;
import org.portcullis.upnp.core.description.ServiceDescription;
import org.portcullis.upnp.core.http.UpnpHttpHandler;
import org.portcullis.upnp.core.http.UpnpHttpRequest;
import org.portcullis.upnp.core.http.UpnpHttpResponse;
import org.portcullis.upnp.core.internal.netty.DropCounters;
import org.portcullis.upnp.core.internal.netty.RateLimitedLog;
import org.portcullis.upnp.core.internal.xml.XmlLimits;
import org.portcullis.upnp.soap.codec.SoapDecodingException;
import org.portcullis.upnp.soap.codec.SoapReader;
import org.portcullis.upnp.soap.codec.SoapWriter;
import org.portcullis.upnp.soap.internal.ControlHeaders;
import org.portcullis.upnp.soap.internal.InArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control route of one service (UDA 1.1 §3.2): mount it on the service's {@code controlURL}.
 *
 * <pre>{@code
 * SoapControl control = SoapControl.builder(wanIpService)
 *         .handler("GetExternalIPAddress", (request, context) -> CompletableFuture.completedFuture(
 *                 List.of(new ActionArgument("NewExternalIPAddress", "203.0.113.7"))))
 *         .build();
 * server.route(wanIpService.controlUrl(), control);
 * }</pre>
 *
 * <p>Checks, in this order, and the answers (HTTP statuses are plain, without a SOAP body; faults are HTTP 500
 * with a UPnP SOAP fault):
 * <table>
 *   <caption>Answers</caption>
 *   <tr><th>condition</th><th>answer</th></tr>
 *   <tr><td>method other than {@code POST} or {@code M-POST}</td><td>405 ({@code Allow: POST})</td></tr>
 *   <tr><td>{@code M-POST} without {@code MAN: "http://schemas.xmlsoap.org/soap/envelope/"; ns=NN}</td>
 *       <td>510</td></tr>
 *   <tr><td>{@code Content-Type} not {@code text/xml} with absent or UTF-8 charset</td><td>415</td></tr>
 *   <tr><td>SOAPACTION (or {@code NN-SOAPACTION}) missing, longer than
 *       512 characters, unbalanced quotes, no {@code #}, not a service
 *       type URN</td><td>400</td></tr>
 *   <tr><td>SOAPACTION names another service type, or a higher version than this service's</td>
 *       <td>fault 401</td></tr>
 *   <tr><td>body not a well-formed, bounded SOAP envelope (DOCTYPE, entity references, processing instructions,
 *       limits, no Body)</td><td>400</td></tr>
 *   <tr><td>Header entry with {@code mustUnderstand="1"}</td><td>500, SOAP {@code MustUnderstand} fault</td></tr>
 *   <tr><td>Body element missing, repeated, unqualified; its namespace or name differs from SOAPACTION's</td>
 *       <td>fault 401</td></tr>
 *   <tr><td>action not in the SCPD; the deprecated {@code QueryStateVariable}
 *       ({@code urn:schemas-upnp-org:control-1-0}) when no {@link Builder#stateVariables} was given</td>
 *       <td>fault 401</td></tr>
 *   <tr><td>{@code QueryStateVariable} without exactly one {@code varName}</td><td>fault 402</td></tr>
 *   <tr><td>{@code QueryStateVariable} of a variable not in the SCPD, or without a value</td>
 *       <td>fault 404 (Invalid Var)</td></tr>
 *   <tr><td>action in the SCPD without a handler</td><td>fault 602</td></tr>
 *   <tr><td>argument with attributes or child elements; missing, duplicate or unknown argument; value not of the
 *       related state variable's data type</td><td>fault 402</td></tr>
 *   <tr><td>value outside the variable's {@code allowedValueList} or {@code allowedValueRange}</td>
 *       <td>fault 601</td></tr>
 *   <tr><td>handler completes with a {@link UpnpException}</td><td>fault with its code (400-899; other codes
 *       become 501)</td></tr>
 *   <tr><td>handler throws, completes with another exception or {@code null}, returns out-arguments that do not
 *       match the SCPD, or does not complete within the timeout (default {@value #DEFAULT_TIMEOUT_SECONDS} s)
 *       </td><td>fault 501</td></tr>
 *   <tr><td>success</td><td>200, {@code <actionResponse>} in the request's namespace, out-arguments in SCPD
 *       order</td></tr>
 * </table>
 * In-arguments are matched by name, so any order is accepted (as miniupnpd does); the handler always receives them
 * in SCPD order. Every SOAP answer carries {@code Content-Type: text/xml; charset="utf-8"} and an empty
 * {@code EXT} header. The fault's {@code errorDescription} is the spec's text for the code, never request input.
 *
 * <p>{@link #handle(UpnpHttpRequest)} never blocks: the handler's stage is awaited asynchronously. Rejected
 * requests are counted ({@link #counters()}) and logged at debug, rate-limited, on the
 * {@value RateLimitedLog#SECURITY_LOGGER} logger; handler failures are logged at warn. Thread-safe.
 */
public final class SoapControl implements UpnpHttpHandler {
    /** Default time a handler has to complete its stage. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(SoapControl.class);
    private static final RateLimitedLog HOSTILE = RateLimitedLog.security();
    private static final Map<String, String> EXT = Map.of("EXT", "");
    /** UDA 1.0 error 404 Invalid Var: QueryStateVariable of a variable that is unknown or has no value. */
    static final int INVALID_VAR = UpnpErrorCode.INVALID_VAR.code();

    private final ServiceDescription service;
    private final Map<String, ActionHandler> handlers;
    private final Duration timeout;
    private final SoapReader reader;
    private final DropCounters counters = new DropCounters();
    private final Function<String, Optional<String>> stateVariables;
    private final Map<Integer, String> faultDescriptions;

    private SoapControl(Builder b) {
        this.service = b.service;
        this.stateVariables = b.stateVariables;
        this.faultDescriptions = b.faultDescriptions;
        this.handlers = Map.copyOf(b.handlers);
        this.timeout = b.timeout;
        this.reader = SoapReader.create(b.xmlLimits);
    }

    /** A builder for the control route of {@code service}; handlers are added per action. */
    public static Builder builder(ServiceDescription service) {
        return new Builder(service);
    }

    /** The service this route controls. */
    public ServiceDescription service() {
        return service;
    }

    /**
     * A snapshot of the counters: {@code soap.ok}, {@code soap.http.<status>} for plain HTTP refusals,
     * {@code soap.fault.<code>} for UPnP faults, {@code soap.fault.MustUnderstand}, {@code soap.handler.failed}
     * and {@code soap.handler.timeout}.
     */
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    @Override
    public CompletionStage<UpnpHttpResponse> handle(UpnpHttpRequest request) {
        try {
            return dispatch(request);
        } catch (Refusal r) {
            return CompletableFuture.completedFuture(r.response);
        }
    }

    private CompletionStage<UpnpHttpResponse> dispatch(UpnpHttpRequest request) throws Refusal {
        Optional<String> soapActionField = soapActionHeader(request);
        if (!request.header("content-type").map(ControlHeaders::isXmlContentType).orElse(false)) {
            throw refuse(request, 415, "content type");
        }
        String soapActionHeader = soapActionField.orElseThrow(() -> refuse(request, 400, "no SOAPACTION"));
        if (ControlHeaders.isQueryStateVariable(soapActionHeader)) {
            return CompletableFuture.completedFuture(queryStateVariable(request));
        }
        ControlHeaders.SoapAction soapAction = ControlHeaders.parseSoapAction(soapActionHeader)
                .orElseThrow(() -> refuse(request, 400, "malformed SOAPACTION"));
        UpnpType ours = service.serviceType();
        if (!soapAction.serviceType().sameTypeAs(ours) || soapAction.serviceType().version() > ours.version()) {
            throw fault(request, UpnpErrorCode.INVALID_ACTION, "SOAPACTION names another service");
        }
        ActionRequest parsed;
        try {
            parsed = reader.readRequest(request.body());
        } catch (SoapDecodingException e) {
            throw decodingFailure(request, e);
        }
        if (!parsed.serviceType().equals(soapAction.serviceType())
                || !parsed.actionName().equals(soapAction.actionName())) {
            throw fault(request, UpnpErrorCode.INVALID_ACTION, "body does not match SOAPACTION");
        }
        Action action = service.scpd().action(parsed.actionName())
                .orElseThrow(() -> fault(request, UpnpErrorCode.INVALID_ACTION, "unknown action"));
        ActionHandler handler = handlers.get(action.name());
        if (handler == null) {
            throw fault(request, UpnpErrorCode.OPTIONAL_ACTION_NOT_IMPLEMENTED, "no handler");
        }
        List<ActionArgument> in;
        try {
            in = InArguments.check(service.scpd(), action, parsed.arguments());
        } catch (UpnpException e) {
            HOSTILE.debug("control {} from {}: {} {}", service.controlUrl(), request.remote(), action.name(),
                    e.getMessage());
            throw new Refusal(faultResponse(e.errorCode()));
        }
        return invoke(handler, new ActionRequest(parsed.serviceType(), action.name(), in),
                new ActionContext(request.remote(), request.local()), action);
    }

    /**
     * Deprecated since UDA 1.0 errata, but Windows XP still asks for ConnectionStatus this way (soap.md §6). Offered
     * only when the builder was given {@code stateVariables}.
     */
    private UpnpHttpResponse queryStateVariable(UpnpHttpRequest request) throws Refusal {
        if (stateVariables == null) {
            throw fault(request, UpnpErrorCode.INVALID_ACTION, "QueryStateVariable not offered");
        }
        String name;
        try {
            name = reader.readQueryStateVariable(request.body());
        } catch (SoapDecodingException e) {
            throw decodingFailure(request, e);
        }
        if (service.scpd().stateVariable(name).isEmpty()) {
            HOSTILE.debug("control {} from {}: QueryStateVariable of an unknown variable", service.controlUrl(),
                    request.remote());
            return faultResponse(INVALID_VAR);
        }
        Optional<String> value;
        byte[] body;
        try {
            value = stateVariables.apply(name);
            if (value == null || value.isEmpty()) {
                return faultResponse(INVALID_VAR);
            }
            body = SoapWriter.writeQueryStateVariableResponse(value.get());
        } catch (RuntimeException e) {
            counters.increment("soap.handler.failed");
            LOG.warn("state variable {} of {} could not be read", name, service.serviceType(), e);
            return faultResponse(UpnpErrorCode.ACTION_FAILED.code());
        }
        counters.increment("soap.ok");
        return new UpnpHttpResponse(200, UpnpHttpResponse.TEXT_XML, EXT, body);
    }

    /** The SOAPACTION field for the method ({@code NN-SOAPACTION} for M-POST), after the method checks. */
    private Optional<String> soapActionHeader(UpnpHttpRequest request) throws Refusal {
        switch (request.method()) {
            case "POST" -> {
                return request.header("soapaction");
            }
            case "M-POST" -> {
                String prefix = request.header("man").flatMap(ControlHeaders::manPrefix)
                        .orElseThrow(() -> refuse(request, 510, "M-POST without a SOAP MAN header"));
                return request.header(prefix + "-soapaction");
            }
            default -> {
                counters.increment("soap.http.405");
                throw new Refusal(new UpnpHttpResponse(405, "", Map.of("Allow", "POST"), new byte[0]));
            }
        }
    }

    private Refusal decodingFailure(UpnpHttpRequest request, SoapDecodingException e) {
        HOSTILE.debug("control {} from {}: {} {}", service.controlUrl(), request.remote(), e.reason(),
                e.getMessage());
        return switch (e.reason()) {
            case INVALID_ACTION, INVALID_FAULT -> fault(request, UpnpErrorCode.INVALID_ACTION, "body action");
            case INVALID_ARGUMENT -> fault(request, UpnpErrorCode.INVALID_ARGS, "argument structure");
            case MUST_UNDERSTAND -> {
                counters.increment("soap.fault.MustUnderstand");
                yield new Refusal(new UpnpHttpResponse(500, UpnpHttpResponse.TEXT_XML, EXT,
                        SoapWriter.writeMustUnderstandFault()));
            }
            case MALFORMED_XML, DOCTYPE, ENTITY_REFERENCE, PROCESSING_INSTRUCTION, LIMIT_EXCEEDED,
                    NOT_SOAP_ENVELOPE -> {
                counters.increment("soap.http.400");
                yield new Refusal(UpnpHttpResponse.status(400));
            }
        };
    }

    private CompletionStage<UpnpHttpResponse> invoke(ActionHandler handler, ActionRequest request,
            ActionContext context, Action action) {
        CompletionStage<List<ActionArgument>> stage;
        try {
            stage = handler.invoke(request, context);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(handlerFailed(action, context, e));
        }
        if (stage == null) {
            return CompletableFuture.completedFuture(
                    handlerFailed(action, context, new NullPointerException("handler returned no stage")));
        }
        CompletableFuture<List<ActionArgument>> result = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
        // orTimeout cancels its timer when the stage completes first, so nothing lingers per request.
        result.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return result.handle((value, error) -> {
            if (error != null) {
                return failure(action, context, unwrap(error));
            }
            return success(action, request.serviceType(), context, value);
        });
    }

    private UpnpHttpResponse failure(Action action, ActionContext context, Throwable error) {
        if (error instanceof UpnpException u) {
            int code = u.errorCode();
            if (code < 400 || code > 899) {
                LOG.warn("action {} of {} failed with invalid UPnP code {}", action.name(), service.serviceType(),
                        code);
                code = UpnpErrorCode.ACTION_FAILED.code();
            }
            HOSTILE.debug("action {} for {}: fault {} ({})", action.name(), context.remote(), code, u.getMessage());
            return faultResponse(code);
        }
        if (error instanceof TimeoutException) {
            counters.increment("soap.handler.timeout");
            LOG.warn("action {} of {} for {} did not complete within {}", action.name(), service.serviceType(),
                    context.remote(), timeout);
            return faultResponse(UpnpErrorCode.ACTION_FAILED.code());
        }
        return handlerFailed(action, context, error);
    }

    private UpnpHttpResponse success(Action action, UpnpType requested, ActionContext context,
            List<ActionArgument> values) {
        if (values == null) {
            return handlerFailed(action, context, new NullPointerException("handler completed with null"));
        }
        Map<String, String> byName = new HashMap<>();
        for (ActionArgument a : values) {
            if (a == null || byName.put(a.name(), a.value()) != null) {
                return handlerFailed(action, context,
                        new IllegalStateException("null or duplicate out-argument"));
            }
        }
        List<Argument> expected = action.outArguments();
        List<ActionArgument> out = new ArrayList<>(expected.size());
        for (Argument arg : expected) {
            String value = byName.get(arg.name());
            if (value == null) {
                return handlerFailed(action, context,
                        new IllegalStateException("missing out-argument " + arg.name()));
            }
            out.add(new ActionArgument(arg.name(), value));
        }
        if (byName.size() != expected.size()) {
            return handlerFailed(action, context, new IllegalStateException("out-argument not in the SCPD"));
        }
        byte[] body;
        try {
            body = SoapWriter.writeResponse(new ActionResponse(requested, action.name(), out));
        } catch (IllegalArgumentException e) {
            return handlerFailed(action, context, e);
        }
        counters.increment("soap.ok");
        return new UpnpHttpResponse(200, UpnpHttpResponse.TEXT_XML, EXT, body);
    }

    private UpnpHttpResponse handlerFailed(Action action, ActionContext context, Throwable error) {
        counters.increment("soap.handler.failed");
        LOG.warn("action {} of {} failed for {}", action.name(), service.serviceType(), context.remote(), error);
        return faultResponse(UpnpErrorCode.ACTION_FAILED.code());
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private UpnpHttpResponse faultResponse(int code) {
        counters.increment("soap.fault." + code);
        String description = faultDescriptions.containsKey(code) ? faultDescriptions.get(code)
                : UpnpErrorCode.of(code).map(UpnpErrorCode::description).orElse("Error");
        return new UpnpHttpResponse(500, UpnpHttpResponse.TEXT_XML, EXT,
                SoapWriter.writeFault(new SoapFault(code, description)));
    }

    private Refusal fault(UpnpHttpRequest request, UpnpErrorCode code, String why) {
        HOSTILE.debug("control {} from {}: fault {} ({})", service.controlUrl(), request.remote(), code.code(), why);
        return new Refusal(faultResponse(code.code()));
    }

    private Refusal refuse(UpnpHttpRequest request, int status, String why) {
        counters.increment("soap.http." + status);
        HOSTILE.debug("control {} from {}: {} ({})", service.controlUrl(), request.remote(), status, why);
        return new Refusal(UpnpHttpResponse.status(status));
    }

    /** Ends request processing early with a finished response; never leaves this class. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        final transient UpnpHttpResponse response;

        Refusal(UpnpHttpResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    /** Builder; handlers are checked against the SCPD as they are added. Not thread-safe. */
    public static final class Builder {
        private final ServiceDescription service;
        private final Map<String, ActionHandler> handlers = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
        private XmlLimits xmlLimits = XmlLimits.defaults();
        private Function<String, Optional<String>> stateVariables;
        private Map<Integer, String> faultDescriptions = Map.of();

        private Builder(ServiceDescription service) {
            this.service = Objects.requireNonNull(service, "service");
        }

        /**
         * Registers the handler of one action, replacing an earlier one.
         *
         * @throws IllegalArgumentException if the SCPD has no action of that name
         */
        public Builder handler(String actionName, ActionHandler handler) {
            Objects.requireNonNull(actionName, "actionName");
            Objects.requireNonNull(handler, "handler");
            if (service.scpd().action(actionName).isEmpty()) {
                throw new IllegalArgumentException("action " + actionName + " is not in the SCPD of "
                        + service.serviceType());
            }
            handlers.put(actionName, handler);
            return this;
        }

        /**
         * How long a handler's stage may take before fault 501; default
         * {@value SoapControl#DEFAULT_TIMEOUT_SECONDS} s.
         */
        public Builder timeout(Duration v) {
            Objects.requireNonNull(v, "timeout");
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            timeout = v;
            return this;
        }

        /**
         * Answers the deprecated {@code QueryStateVariable} (SOAPACTION
         * {@code "urn:schemas-upnp-org:control-1-0#QueryStateVariable"}) from {@code values}: given a state variable
         * name of the SCPD, it returns the current value as sent in events, or empty when the service keeps none
         * (answered with fault 404 Invalid Var, as is a name the SCPD does not have). Called on an event loop: it
         * must be quick and must not block. Without it, QueryStateVariable gets fault 401.
         *
         * @param values current values by state variable name
         * @return this builder
         */
        public Builder stateVariables(Function<String, Optional<String>> values) {
            stateVariables = Objects.requireNonNull(values, "stateVariables");
            return this;
        }

        /**
         * The {@code errorDescription} of this service's own codes (600-899), for services whose 7xx codes mean
         * something else than WANIPConnection's (WANIPv6FirewallControl:1's 703 is InboundPinholeNotAllowed, not
         * InactiveConnectionStateRequired). Codes not in the map get the text {@link UpnpErrorCode} has for them.
         *
         * @param texts description by error code
         * @return this builder
         * @throws IllegalArgumentException for a code outside 600-899 or a blank text
         */
        public Builder faultDescriptions(Map<Integer, String> texts) {
            texts.forEach((code, text) -> {
                if (code < 600 || code > 899 || text.isBlank()) {
                    throw new IllegalArgumentException("service fault text for " + code);
                }
            });
            faultDescriptions = Map.copyOf(texts);
            return this;
        }

        /**
         * Limits for parsing request bodies; default {@link XmlLimits#defaults()}.
         *
         * @param v the limits
         * @return this builder
         */
        Builder xmlLimits(XmlLimits v) {
            xmlLimits = Objects.requireNonNull(v, "xmlLimits");
            return this;
        }

        /**
         * The route.
         *
         * @throws IllegalArgumentException if a handler names an action the SCPD does not have
         */
        public SoapControl build() {
            for (String name : handlers.keySet()) {
                Optional<Action> a = service.scpd().action(name);
                if (a.isEmpty()) {
                    throw new IllegalArgumentException("action " + name + " is not in the SCPD");
                }
            }
            return new SoapControl(this);
        }
    }
}
