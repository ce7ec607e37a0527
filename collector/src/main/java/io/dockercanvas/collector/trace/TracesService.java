package io.dockercanvas.collector.trace;

import com.google.protobuf.Timestamp;
import io.dockercanvas.proto.v1.AddTraceRequest;
import io.dockercanvas.proto.v1.AddTraceResponse;
import io.dockercanvas.proto.v1.ListTracesRequest;
import io.dockercanvas.proto.v1.ListTracesResponse;
import io.dockercanvas.proto.v1.Protocol;
import io.dockercanvas.proto.v1.RemoveTraceRequest;
import io.dockercanvas.proto.v1.RemoveTraceResponse;
import io.dockercanvas.proto.v1.TracesGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The gRPC Traces service. The token check in front of it lets either token in; {@code mayChange}
 * says whether the current call's token may change traces (the viewer token may only list).
 */
public final class TracesService extends TracesGrpc.TracesImplBase {

  private final TraceRegistry traces;
  private final BooleanSupplier mayChange;

  public TracesService(TraceRegistry traces, BooleanSupplier mayChange) {
    this.traces = traces;
    this.mayChange = mayChange;
  }

  @Override
  public void addTrace(AddTraceRequest request, StreamObserver<AddTraceResponse> response) {
    if (refusedViewer(response)) {
      return;
    }
    try {
      Trace trace = traces.add(request(request));
      response.onNext(AddTraceResponse.newBuilder().setTrace(message(trace)).build());
      response.onCompleted();
    } catch (InvalidTraceException e) {
      Status status =
          e.kind() == InvalidTraceException.Kind.TOO_MANY
              ? Status.RESOURCE_EXHAUSTED
              : Status.INVALID_ARGUMENT;
      response.onError(status.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void listTraces(ListTracesRequest request, StreamObserver<ListTracesResponse> response) {
    ListTracesResponse.Builder list = ListTracesResponse.newBuilder();
    traces.list().forEach(t -> list.addTraces(message(t)));
    response.onNext(list.build());
    response.onCompleted();
  }

  @Override
  public void removeTrace(
      RemoveTraceRequest request, StreamObserver<RemoveTraceResponse> response) {
    if (refusedViewer(response)) {
      return;
    }
    Optional<Trace> removed = traces.remove(request.getId());
    if (removed.isEmpty()) {
      response.onError(
          Status.NOT_FOUND
              .withDescription("id: no active trace '" + request.getId() + "'")
              .asRuntimeException());
      return;
    }
    response.onNext(RemoveTraceResponse.newBuilder().setTrace(message(removed.get())).build());
    response.onCompleted();
  }

  private boolean refusedViewer(StreamObserver<?> response) {
    if (mayChange.getAsBoolean()) {
      return false;
    }
    response.onError(
        Status.PERMISSION_DENIED
            .withDescription("the viewer token may list traces, not change them")
            .asRuntimeException());
    return true;
  }

  /** The contract's request as the registry takes it. */
  public static TraceRequest request(AddTraceRequest r) {
    return new TraceRequest(
        r.getCidrsList(),
        r.getPortsList(),
        r.getProtocolsValueList(),
        r.getVnisList(),
        r.getBpf(),
        r.getServicesList(),
        r.hasDuration()
            ? Duration.ofSeconds(r.getDuration().getSeconds(), r.getDuration().getNanos())
            : null);
  }

  /** A trace in the contract's form. */
  public static io.dockercanvas.proto.v1.Trace message(Trace t) {
    io.dockercanvas.proto.v1.Trace.Builder b =
        io.dockercanvas.proto.v1.Trace.newBuilder()
            .setId(t.id())
            .addAllCidrs(t.cidrs())
            .addAllPorts(t.ports())
            .addAllVnis(t.vnis())
            .setBpf(t.bpf())
            .addAllServices(t.services())
            .setCreatedAt(timestamp(t.createdAt()))
            .setExpiresAt(timestamp(t.expiresAt()));
    t.protocols().forEach(b::addProtocolsValue);
    return b.build();
  }

  /** Protocol by name ("tcp", "PROTOCOL_TCP") or number; empty when unknown. */
  public static Optional<Integer> protocol(String text) {
    String name = text.trim().toUpperCase(Locale.ROOT);
    for (Protocol p : Protocol.values()) {
      if (p != Protocol.PROTOCOL_UNSPECIFIED
          && p != Protocol.UNRECOGNIZED
          && (p.name().equals(name) || p.name().equals("PROTOCOL_" + name))) {
        return Optional.of(p.getNumber());
      }
    }
    try {
      return Optional.of(Integer.parseInt(name));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
