package io.dockercanvas.pipeline.stream;

import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.pipeline.security.ConnectionTrouble;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.Capability;
import io.dockercanvas.proto.v1.CapturePoints;
import io.dockercanvas.proto.v1.ClockInfo;
import io.dockercanvas.proto.v1.CollectorMessage;
import io.dockercanvas.proto.v1.FlowRecord;
import io.dockercanvas.proto.v1.FlowUpdateBatch;
import io.dockercanvas.proto.v1.Hello;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.dockercanvas.proto.v1.LostEvent;
import io.dockercanvas.proto.v1.NodeTopology;
import io.dockercanvas.proto.v1.ObservationBatch;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.TopologySnapshot;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's stream to the collector: Hello, then a full topology snapshot, then deltas,
 * observation and flow batches and lost events; the collector answers HelloAck, CaptureConfig
 * (applied at once) and Acks. Batches stay in a {@link ResendBuffer} until acked, so a reconnect
 * resends what the collector's HelloAck says it lacks. Attempts back off from 0.5 s to 2 s, each
 * with a fresh connection (not gRPC's own, longer backoff): an agent is back within about 2 s of a
 * restarted collector listening again. All sending happens on the one "collector-stream" thread;
 * {@link #totals()} says what became of every observation.
 */
public final class CollectorStream implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CollectorStream.class);
  private static final int BATCH_SIZE = 1000;
  private static final long PUMP_MILLIS = 200;
  // How long an observation lingers in the queue at most while connected: the live page's first dot
  // waits for it (issue 16: within 200 ms of capture), and a pass over empty queues costs next to
  // nothing; under load a pass drains up to BATCH_SIZE per batch anyway.
  static final long FLUSH_MILLIS = 20;
  private static final long BACKOFF_MAX_MILLIS = 2_000;
  private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CHANNEL_WAIT = Duration.ofSeconds(1);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Channel channel;
  private final ManagedChannel managedChannel; // null for a plain Channel (tests)
  private final ExportBuffer buffer;
  private final Supplier<NodeTopology> topology; // null until the node was read once
  private final Consumer<SamplingPolicy> configListener;
  private final String agentVersion;
  private final ResendBuffer resend;
  private final StreamClock clock;
  private final String instanceId = UUID.randomUUID().toString();
  private final Thread thread = new Thread(this::run, "collector-stream");
  private volatile boolean closed;
  private volatile Session session;
  private long sequence;
  private long revision = System.currentTimeMillis();
  private NodeTopology lastSent;
  private volatile Supplier<List<String>> capturePoints = () -> null;

  /**
   * A stream that says in its Hello it is {@code agentVersion} (the agent's build version).
   *
   * @param maxUnacked how many batches are kept for resending (of up to 1000 observations each)
   */
  public CollectorStream(
      Channel channel,
      String token,
      ExportBuffer buffer,
      Supplier<NodeTopology> topology,
      Consumer<SamplingPolicy> configListener,
      int maxUnacked,
      String agentVersion) {
    this(
        channel,
        token,
        buffer,
        topology,
        configListener,
        maxUnacked,
        agentVersion,
        StreamClock.SYSTEM);
  }

  CollectorStream(
      Channel channel,
      String token,
      ExportBuffer buffer,
      Supplier<NodeTopology> topology,
      Consumer<SamplingPolicy> configListener,
      int maxUnacked,
      String agentVersion,
      StreamClock clock) {
    Metadata headers = new Metadata();
    if (token != null && !token.isEmpty()) {
      headers.put(AUTHORIZATION, "Bearer " + token);
    }
    this.channel =
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    this.managedChannel = channel instanceof ManagedChannel managed ? managed : null;
    this.buffer = buffer;
    this.topology = topology;
    this.configListener = configListener;
    this.agentVersion = agentVersion;
    this.resend = new ResendBuffer(buffer, maxUnacked);
    this.clock = clock;
    thread.setDaemon(true);
  }

  /**
   * Where the stream reads the points being captured (canonical names; null while none is known
   * yet): sent on every connection and whenever the list changes, so the collector never expects a
   * packet at a point nobody captures.
   */
  public CollectorStream capturePoints(Supplier<List<String>> points) {
    this.capturePoints = points;
    return this;
  }

  public CollectorStream start() {
    thread.start();
    return this;
  }

  /** Whether a stream is open and the collector answered Hello. */
  public boolean connected() {
    Session s = session;
    return s != null && s.helloAck.isDone() && !s.ended.isDone();
  }

  private void run() {
    long backoff = 500;
    while (!closed) {
      NodeTopology current = topology.get();
      if (current == null) {
        sleep(PUMP_MILLIS);
        continue;
      }
      Session s = new Session();
      session = s;
      try {
        stream(s, current);
      } catch (Exception e) {
        if (s.reachedCollector()) {
          backoff =
              500; // a stream that worked ended: retry soon, not after the last outage's backoff
        }
        if (!closed) {
          log.warn(
              "collector stream: {}; reconnecting in {} ms", ConnectionTrouble.explain(e), backoff);
        }
      } finally {
        s.cancelIfOpen(); // e.g. no HelloAck in time: do not leave the call open
        session = null;
      }
      long until = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
      while (!closed && clock.nanoTime() < until) {
        batchUp(); // keep the capture queues moving into the bounded resend buffer
        sleep(PUMP_MILLIS);
      }
      backoff = Math.min(backoff * 2, BACKOFF_MAX_MILLIS);
    }
  }

  private void stream(Session s, NodeTopology current) throws Exception {
    awaitChannel();
    IngestGrpc.newStub(channel).connect(s);
    s.send(AgentMessage.newBuilder().setHello(hello(current)).build());
    lastSent = current;
    s.send(
        AgentMessage.newBuilder()
            .setTopologySnapshot(
                TopologySnapshot.newBuilder().setRevision(++revision).setTopology(current))
            .build());
    long resumeAfter = s.helloAck.get(HELLO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    resend.resume(resumeAfter);
    log.info("connected to the collector (resuming after batch {})", resumeAfter);
    long sentUpTo = resumeAfter;
    List<String> pointsSent = null; // per stream: a new collector learns them again
    while (!closed && !s.ended.isDone()) {
      List<String> points = capturePoints.get();
      if (points != null && !points.equals(pointsSent)) {
        s.send(
            AgentMessage.newBuilder()
                .setCapturePoints(CapturePoints.newBuilder().addAllPoints(points))
                .build());
        pointsSent = points;
      }
      NodeTopology now = topology.get();
      if (now != null && !now.equals(lastSent)) {
        long next = revision + 1;
        var delta = TopologyDeltas.between(lastSent, now, next);
        if (delta.isPresent()) {
          s.send(AgentMessage.newBuilder().setTopologyDelta(delta.get()).build());
          revision = next;
        }
        lastSent = now;
      }
      batchUp();
      List<LostEvent> lost = new ArrayList<>();
      buffer.drainLost(lost);
      for (LostEvent event : lost) {
        s.send(AgentMessage.newBuilder().setLostEvent(event).build());
      }
      for (AgentMessage batch : resend.after(sentUpTo)) {
        if (!s.call.isReady()) {
          break; // the transport is full: keep the rest buffered
        }
        s.send(batch);
        sentUpTo = ResendBuffer.sequenceOf(batch);
        resend.sent(sentUpTo);
      }
      sleep(FLUSH_MILLIS);
    }
    if (closed) {
      s.finish();
      return;
    }
    s.ended.get(0, TimeUnit.MILLISECONDS); // rethrows why the stream ended
  }

  /**
   * Gives the connection a fresh try and up to 1 s to be ready. gRPC's pick_first reports a failed
   * channel as failed until a connection is READY, so a call made right after the collector came
   * back would still fail; a call made after this fails, if it must, with the real cause (refused,
   * TLS).
   */
  private void awaitChannel() {
    if (managedChannel == null) {
      return;
    }
    managedChannel.resetConnectBackoff();
    long deadline = clock.nanoTime() + CHANNEL_WAIT.toNanos();
    while (!closed
        && managedChannel.getState(true) != ConnectivityState.READY
        && clock.nanoTime() < deadline) {
      sleep(50);
    }
  }

  /** Moves what the capture threads queued into numbered batches waiting for an ack. */
  private void batchUp() {
    LostEvent queueLoss = buffer.takeQueueLoss();
    if (queueLoss != null) {
      buffer.lost(
          queueLoss.getSource(),
          queueLoss.getReason(),
          null,
          queueLoss.getCount(),
          queueLoss.getDetail());
    }
    List<PacketObservation> observations = new ArrayList<>();
    while (buffer.drainObservations(observations, BATCH_SIZE) > 0) {
      long batched = buffer.sampled.get() - buffer.observationsDropped.get();
      resend.add(
          AgentMessage.newBuilder()
              .setObservationBatch(
                  ObservationBatch.newBuilder()
                      .setSequence(++sequence)
                      .addAllObservations(observations)
                      .setPacketsCapturedTotal(buffer.captured.get())
                      .setObservationsSampledTotal(buffer.sampled.get())
                      .setObservationsDroppedTotal(buffer.observationsDropped.get())
                      .setObservationsBatchedTotal(batched))
              .build());
      observations.clear();
    }
    List<FlowRecord> flows = new ArrayList<>();
    while (buffer.drainFlows(flows, BATCH_SIZE) > 0) {
      resend.add(
          AgentMessage.newBuilder()
              .setFlowUpdateBatch(
                  FlowUpdateBatch.newBuilder()
                      .setSequence(++sequence)
                      .addAllFlows(flows)
                      .setUpdatesDroppedTotal(buffer.flowUpdatesDropped.get())
                      .setFlowsUntrackedTotal(buffer.flowsUntracked.get()))
              .build());
      flows.clear();
    }
  }

  /**
   * The agent's own account of its observations (exact between pumps; see {@link ExportTotals}).
   */
  public ExportTotals totals() {
    return resend.totals();
  }

  private Hello hello(NodeTopology current) {
    return Hello.newBuilder()
        .setNode(current.getNode())
        .setAgentVersion(agentVersion)
        .setInstanceId(instanceId)
        .addCapabilities(Capability.CAPABILITY_DOCKER_DISCOVERY)
        .addCapabilities(Capability.CAPABILITY_NAMESPACES)
        .addCapabilities(Capability.CAPABILITY_LIVE_CAPTURE)
        .setClock(ClockInfo.newBuilder().setWallTimeNs(System.currentTimeMillis() * 1_000_000L))
        .build();
  }

  /** One Connect call and what the collector said on it. */
  private final class Session implements ClientResponseObserver<AgentMessage, CollectorMessage> {
    final CompletableFuture<Long> helloAck = new CompletableFuture<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    ClientCallStreamObserver<AgentMessage> call;
    boolean finished;

    @Override
    public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
      call = requestStream;
    }

    void send(AgentMessage message) {
      call.onNext(message);
    }

    boolean reachedCollector() {
      return helloAck.isDone() && !helloAck.isCompletedExceptionally();
    }

    /** Ends the stream cleanly (the agent stops). */
    void finish() {
      finished = true;
      call.onCompleted();
    }

    void cancelIfOpen() {
      if (call != null && !finished && !ended.isDone()) {
        call.cancel("the agent gave up on this stream", null);
      }
    }

    @Override
    public void onNext(CollectorMessage message) {
      switch (message.getMessageCase()) {
        case HELLO_ACK -> helloAck.complete(message.getHelloAck().getResumeAfterSequence());
        case CAPTURE_CONFIG -> {
          try {
            configListener.accept(SamplingPolicy.from(message.getCaptureConfig()));
            log.info(
                "capture config revision {} applied", message.getCaptureConfig().getRevision());
          } catch (IllegalArgumentException e) {
            log.warn("capture config refused, keeping the previous one: {}", e.getMessage());
          }
        }
        case ACK -> resend.acked(message.getAck().getSequence());
        default -> {}
      }
    }

    @Override
    public void onError(Throwable t) {
      helloAck.completeExceptionally(t);
      ended.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      IllegalStateException done = new IllegalStateException("the collector ended the stream");
      helloAck.completeExceptionally(done);
      ended.completeExceptionally(done);
    }
  }

  private void sleep(long millis) {
    try {
      clock.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /**
   * Closes after waiting up to {@code drain} for the collector to acknowledge what is pending (stop
   * the captures first, so nothing new arrives); what is still pending then stays so in {@link
   * #totals()}.
   */
  public void close(Duration drain) {
    long deadline = clock.nanoTime() + drain.toNanos();
    while (totals().pending() > 0 && clock.nanoTime() < deadline && thread.isAlive()) {
      sleep(50);
    }
    close();
  }

  @Override
  public void close() {
    closed = true; // the stream thread half-closes an open stream, or cancels one still starting
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(3).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
