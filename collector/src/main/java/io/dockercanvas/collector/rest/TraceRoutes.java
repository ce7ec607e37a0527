package io.dockercanvas.collector.rest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.collector.auth.Access.Role;
import io.dockercanvas.collector.trace.InvalidTraceException;
import io.dockercanvas.collector.trace.Trace;
import io.dockercanvas.collector.trace.TraceRegistry;
import io.dockercanvas.collector.trace.TraceRequest;
import io.dockercanvas.collector.trace.TracesService;
import io.dockercanvas.proto.v1.ListTracesResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Capture on demand over REST: {@code POST /api/v1/traces} (a JSON body with the fields of the
 * contract's AddTraceRequest; duration as "90s" or "5m"), {@code GET /api/v1/traces}, {@code DELETE
 * /api/v1/traces/:id}. Traces go out in the contract's JSON mapping. The viewer token may list
 * only.
 */
final class TraceRoutes {

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Set<String> FIELDS =
      Set.of("cidrs", "ips", "ports", "protocols", "vnis", "bpf", "services", "duration");
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final TraceRegistry traces;

  TraceRoutes(TraceRegistry traces) {
    this.traces = traces;
  }

  void mount(Router router) {
    router
        .post("/api/v1/traces")
        .handler(BodyHandler.create().setBodyLimit(64 * 1024))
        .handler(this::add);
    router.get("/api/v1/traces").handler(this::list);
    router.delete("/api/v1/traces/:id").handler(this::remove);
  }

  private void add(RoutingContext ctx) {
    if (viewer(ctx)) {
      return;
    }
    TraceRequest request;
    try {
      request = request(ctx.body().asJsonObject());
    } catch (DecodeException | ClassCastException e) {
      ApiRoutes.error(
          ctx, 400, "body: not a JSON object such as {\"ports\":[8001],\"duration\":\"5m\"}");
      return;
    } catch (IllegalArgumentException e) {
      ApiRoutes.error(ctx, 400, e.getMessage());
      return;
    }
    try {
      Trace trace = traces.add(request);
      ApiRoutes.json(ctx, 201, print(TracesService.message(trace)));
    } catch (InvalidTraceException e) {
      ApiRoutes.error(
          ctx, e.kind() == InvalidTraceException.Kind.TOO_MANY ? 429 : 400, e.getMessage());
    }
  }

  private void list(RoutingContext ctx) {
    ListTracesResponse.Builder list = ListTracesResponse.newBuilder();
    traces.list().forEach(t -> list.addTraces(TracesService.message(t)));
    ApiRoutes.json(ctx, 200, print(list));
  }

  private void remove(RoutingContext ctx) {
    if (viewer(ctx)) {
      return;
    }
    String id = ctx.pathParam("id");
    Optional<Trace> removed = traces.remove(id);
    if (removed.isEmpty()) {
      ApiRoutes.error(ctx, 404, "id: no active trace '" + id + "'");
      return;
    }
    ApiRoutes.json(ctx, 200, print(TracesService.message(removed.get())));
  }

  private static boolean viewer(RoutingContext ctx) {
    if (TokenAuth.role(ctx) == Role.FULL) {
      return false;
    }
    ApiRoutes.error(ctx, 403, "the viewer token may list traces, not change them");
    return true;
  }

  /** The body as a request; an IllegalArgumentException names the field at fault. */
  static TraceRequest request(JsonObject body) {
    if (body == null) {
      throw new DecodeException("no body");
    }
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            field
                + ": not a trace field ("
                + String.join(", ", FIELDS.stream().sorted().toList())
                + ")");
      }
    }
    List<String> cidrs = new ArrayList<>(strings(body, "cidrs"));
    cidrs.addAll(strings(body, "ips"));
    List<Integer> protocols = new ArrayList<>();
    for (Object p : list(body, "protocols")) {
      protocols.add(
          TracesService.protocol(String.valueOf(p))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "protocols: '" + p + "' is not tcp, udp, icmp, icmpv6 or sctp")));
    }
    Object bpf = body.getValue("bpf");
    if (bpf != null && !(bpf instanceof String)) {
      throw new IllegalArgumentException("bpf: a tcpdump expression as a string");
    }
    return new TraceRequest(
        cidrs,
        numbers(body, "ports"),
        protocols,
        numbers(body, "vnis"),
        (String) bpf,
        strings(body, "services"),
        duration(body.getValue("duration")));
  }

  private static List<Object> list(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (value instanceof JsonArray array) {
      return array.getList();
    }
    return List.of(value); // a single value for a one-element list
  }

  private static List<String> strings(JsonObject body, String field) {
    return convert(body, field, v -> v instanceof String s ? s : null, "strings");
  }

  private static List<Integer> numbers(JsonObject body, String field) {
    return convert(
        body,
        field,
        v -> {
          if (v instanceof Number n && n.doubleValue() == n.intValue()) {
            return n.intValue();
          }
          if (v instanceof String s && s.matches("\\d{1,9}")) {
            return Integer.parseInt(s);
          }
          return null;
        },
        "whole numbers");
  }

  private static <T> List<T> convert(
      JsonObject body, String field, Function<Object, T> conversion, String what) {
    List<T> out = new ArrayList<>();
    for (Object v : list(body, field)) {
      T converted = conversion.apply(v);
      if (converted == null) {
        throw new IllegalArgumentException(
            field + ": '" + v + "' is not valid here: a list of " + what);
      }
      out.add(converted);
    }
    return out;
  }

  /** "90s", "5m", "1h", "1.5s" (also the contract's JSON form "300s"); null when absent. */
  static Duration duration(Object value) {
    if (value == null) {
      return null;
    }
    Matcher m =
        DURATION.matcher(value instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : "");
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "duration: '" + value + "' is not a duration such as 90s, 5m or 1h");
    }
    double n = Double.parseDouble(m.group(1));
    double millis =
        switch (m.group(2)) {
          case "ms" -> n;
          case "s" -> n * 1000;
          case "m" -> n * 60_000;
          default -> n * 3_600_000;
        };
    return Duration.ofMillis((long) millis);
  }

  private static String print(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a trace always prints", e);
    }
  }
}
