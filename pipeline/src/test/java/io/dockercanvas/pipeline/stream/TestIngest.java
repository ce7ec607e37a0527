package io.dockercanvas.pipeline.stream;

import io.dockercanvas.proto.v1.Ack;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.CaptureConfig;
import io.dockercanvas.proto.v1.CollectorMessage;
import io.dockercanvas.proto.v1.HelloAck;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.dockercanvas.proto.v1.LostEvent;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * A small collector for the agent's tests: answers Hello with HelloAck (resume after the highest
 * batch it holds, unless told otherwise) and the capture config, acks batches when asked to, keeps
 * every message per connection, the headers of every call, each batch once by sequence and every
 * lost event. Can refuse streams (UNAVAILABLE) to play a collector that is down, and end the open
 * one to play one that restarts.
 */
final class TestIngest extends IngestGrpc.IngestImplBase implements ServerInterceptor {

  final List<List<AgentMessage>> connections = new CopyOnWriteArrayList<>();
  final List<Long> attemptNanos = new CopyOnWriteArrayList<>();
  final List<Metadata> headers = new CopyOnWriteArrayList<>();
  final Map<Long, AgentMessage> batches = new ConcurrentSkipListMap<>();
  final List<LostEvent> lost = new CopyOnWriteArrayList<>();
  final java.util.concurrent.atomic.AtomicInteger completed =
      new java.util.concurrent.atomic.AtomicInteger();
  final java.util.concurrent.atomic.AtomicInteger failed =
      new java.util.concurrent.atomic.AtomicInteger();
  volatile boolean refuse;
  volatile boolean ack = true;
  volatile Long resumeAfter; // null: the highest sequence held
  volatile List<CaptureConfig> configs = List.of(); // sent in this order after the HelloAck
  volatile LongSupplier clock = System::nanoTime; // for attemptNanos and endedNanos
  volatile long endedNanos;
  private volatile StreamObserver<CollectorMessage> open;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata metadata, ServerCallHandler<Q, R> next) {
    headers.add(metadata);
    return next.startCall(call, metadata);
  }

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<CollectorMessage> responses) {
    attemptNanos.add(clock.getAsLong());
    if (refuse) {
      responses.onError(Status.UNAVAILABLE.withDescription("test collector is down").asException());
      return new StreamObserver<>() {
        @Override
        public void onNext(AgentMessage value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }
    List<AgentMessage> received = new CopyOnWriteArrayList<>();
    connections.add(received);
    open = responses;
    return new StreamObserver<>() {
      @Override
      public void onNext(AgentMessage m) {
        received.add(m);
        switch (m.getMessageCase()) {
          case HELLO -> {
            long resume =
                resumeAfter != null
                    ? resumeAfter
                    : batches.isEmpty()
                        ? 0
                        : ((ConcurrentSkipListMap<Long, AgentMessage>) batches).lastKey();
            responses.onNext(
                CollectorMessage.newBuilder()
                    .setHelloAck(HelloAck.newBuilder().setResumeAfterSequence(resume))
                    .build());
            for (CaptureConfig config : configs) {
              responses.onNext(CollectorMessage.newBuilder().setCaptureConfig(config).build());
            }
          }
          case OBSERVATION_BATCH, FLOW_UPDATE_BATCH -> {
            long sequence =
                m.hasObservationBatch()
                    ? m.getObservationBatch().getSequence()
                    : m.getFlowUpdateBatch().getSequence();
            batches.put(sequence, m);
            if (ack) {
              responses.onNext(
                  CollectorMessage.newBuilder()
                      .setAck(Ack.newBuilder().setSequence(sequence))
                      .build());
            }
          }
          case LOST_EVENT -> lost.add(m.getLostEvent());
          default -> {}
        }
      }

      @Override
      public void onError(Throwable t) {
        failed.incrementAndGet();
      }

      @Override
      public void onCompleted() {
        completed.incrementAndGet();
        responses.onCompleted();
      }
    };
  }

  /**
   * Ends the open stream with UNAVAILABLE, as a collector going away does; notes the time in
   * endedNanos.
   */
  void endOpenStream() {
    endedNanos = clock.getAsLong();
    open.onError(Status.UNAVAILABLE.withDescription("test collector restarts").asException());
  }

  /** Observations in the batches held, each batch counted once. */
  long observationsDelivered() {
    return batches.values().stream()
        .filter(AgentMessage::hasObservationBatch)
        .mapToLong(m -> m.getObservationBatch().getObservationsCount())
        .sum();
  }

  long lostCount() {
    return lost.stream().mapToLong(LostEvent::getCount).sum();
  }

  List<AgentMessage> lastConnection() {
    return connections.get(connections.size() - 1);
  }
}
