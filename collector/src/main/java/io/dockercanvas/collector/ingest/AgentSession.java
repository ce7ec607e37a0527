package io.dockercanvas.collector.ingest;

import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.status.Version;
import io.dockercanvas.collector.store.LostEvent;
import io.dockercanvas.collector.topology.NodeInfo;
import io.dockercanvas.collector.topology.NodeTopology;
import io.dockercanvas.pipeline.observation.PointNames;
import io.dockercanvas.proto.v1.Ack;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.CollectorMessage;
import io.dockercanvas.proto.v1.Hello;
import io.dockercanvas.proto.v1.HelloAck;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's Connect stream: Hello first (else FAILED_PRECONDITION), then topology, batches and
 * losses. Each batch is acknowledged once stored; a batch already received (a resend after
 * reconnect) is acknowledged and skipped; a gap in the sequence is recorded as lost batches.
 */
final class AgentSession implements StreamObserver<AgentMessage> {

  /** How late closing windows may run before ingest waits for it. */
  static final long STITCHER_LAG_NS = 100_000_000L;

  /** The longest one batch waits for the stitcher. */
  static final long MAX_WAIT_NS = 1_000_000_000L;

  private static final Logger log = LoggerFactory.getLogger(AgentSession.class);

  private final ServerCallStreamObserver<CollectorMessage> out;
  private final IngestTargets targets;
  private final IngestStrings strings = new IngestStrings();
  // this node's observation counter per point name (names are shared by `strings`), so the accept
  // path neither allocates a metrics key nor searches the registry's map per observation
  private final Map<String, Counter> observationCounters = new HashMap<>();
  private String nodeId;
  private String instanceKey;
  private boolean closed;

  AgentSession(ServerCallStreamObserver<CollectorMessage> out, IngestTargets targets) {
    this.out = out;
    this.targets = targets;
  }

  @Override
  public void onNext(AgentMessage message) {
    String unparseable = UnparseableMessages.reason(message);
    if (unparseable != null) {
      fail(Status.INVALID_ARGUMENT.withDescription(unparseable));
      return;
    }
    if (nodeId == null) {
      if (message.getMessageCase() != AgentMessage.MessageCase.HELLO) {
        fail(
            Status.FAILED_PRECONDITION.withDescription(
                "the first message on an ingest stream must be hello, got "
                    + message.getMessageCase()));
        return;
      }
      hello(message.getHello());
      return;
    }
    targets.agents().heardFrom(nodeId);
    switch (message.getMessageCase()) {
      case HELLO ->
          fail(Status.FAILED_PRECONDITION.withDescription("hello sent twice on one stream"));
      case TOPOLOGY_SNAPSHOT ->
          targets
              .cluster()
              .replace(
                  nodeId,
                  message.getTopologySnapshot().getRevision(),
                  ownNode(TopologyMapper.topology(message.getTopologySnapshot().getTopology())));
      case TOPOLOGY_DELTA ->
          targets.cluster().apply(nodeId, TopologyMapper.delta(message.getTopologyDelta()));
      case OBSERVATION_BATCH -> {
        var batch = message.getObservationBatch();
        awaitStitcher();
        long arrivalNs = targets.arrivalClock().getAsLong(); // a batch arrives at once
        int accepted =
            batch(
                batch.getSequence(),
                batch.getObservationsList(),
                o -> {
                  Observation observation = IngestMapper.observation(nodeId, o, strings);
                  targets.stitcher().accept(observation, arrivalNs);
                  observationCounter(observation.point().name()).increment();
                  return null;
                },
                "observations");
        targets.agents().observed(nodeId, accepted);
      }
      case FLOW_UPDATE_BATCH -> {
        var batch = message.getFlowUpdateBatch();
        batch(
            batch.getSequence(),
            batch.getFlowsList(),
            f -> targets.flows().add(IngestMapper.flow(nodeId, f)),
            "flow records");
      }
      case LOST_EVENT ->
          targets.lost().record(IngestMapper.lostEvent(nodeId, message.getLostEvent()));
      case CAPTURE_POINTS -> {
        List<String> points = new ArrayList<>();
        for (String point : message.getCapturePoints().getPointsList()) {
          try {
            points.add(PointNames.canonical(point));
          } catch (IllegalArgumentException e) {
            log.debug("{} reports a malformed capture point: {}", nodeId, e.getMessage());
          }
        }
        targets.coverage().captures(nodeId, points);
      }
      case MESSAGE_NOT_SET -> log.debug("empty message from {}", nodeId);
    }
  }

  @Override
  public void onError(Throwable t) {
    close("stream reset: " + Status.fromThrowable(t).getCode());
  }

  @Override
  public void onCompleted() {
    close("agent closed the stream");
    synchronized (this) {
      out.onCompleted();
    }
  }

  synchronized void sendConfig(CaptureSettings settings) {
    send(
        CollectorMessage.newBuilder()
            .setCaptureConfig(IngestMapper.captureConfig(settings))
            .build());
  }

  private void hello(Hello hello) {
    if (hello.getNode().getId().isEmpty()) {
      fail(
          Status.INVALID_ARGUMENT.withDescription(
              "hello.node.id is empty: the agent must name its node"));
      return;
    }
    nodeId = hello.getNode().getId();
    instanceKey = nodeId + "/" + hello.getInstanceId();
    targets.agents().connect(nodeId, this, hello.getAgentVersion(), hello.getLimitationsList());
    synchronized (this) {
      send(
          CollectorMessage.newBuilder()
              .setHelloAck(
                  HelloAck.newBuilder()
                      .setCollectorVersion(Version.current())
                      .setWallTimeNs(System.currentTimeMillis() * 1_000_000L)
                      .setResumeAfterSequence(targets.agents().highestSequence(instanceKey)))
              .build());
    }
    targets.config().register(this);
    log.info(
        "agent on {} connected (version {}, instance {})",
        nodeId,
        hello.getAgentVersion(),
        hello.getInstanceId());
  }

  /** Stores a batch's items and acks it; returns how many were accepted. */
  private <T> int batch(long sequence, List<T> items, Function<T, ?> store, String what) {
    long highest = targets.agents().highestSequence(instanceKey);
    if (sequence <= highest) {
      ack(highest); // a resend of something already stored
      return 0;
    }
    if (highest > 0 && sequence > highest + 1) {
      targets
          .lost()
          .record(
              LostEvent.now(
                  LostEvent.Source.COLLECTOR_INGEST,
                  LostEvent.Reason.SEQUENCE_GAP,
                  nodeId,
                  sequence - highest - 1,
                  "batches " + (highest + 1) + ".." + (sequence - 1) + " never arrived"));
    }
    int accepted = 0;
    int rejected = 0;
    String firstProblem = "";
    for (T item : items) {
      try {
        store.apply(item);
        accepted++;
      } catch (IllegalArgumentException e) {
        rejected++;
        firstProblem = firstProblem.isEmpty() ? e.getMessage() : firstProblem;
      }
    }
    if (rejected > 0) {
      targets
          .lost()
          .record(
              LostEvent.now(
                  LostEvent.Source.COLLECTOR_INGEST,
                  LostEvent.Reason.MALFORMED,
                  nodeId,
                  rejected,
                  rejected
                      + " "
                      + what
                      + " rejected in batch "
                      + sequence
                      + ", first: "
                      + firstProblem));
    }
    targets.agents().received(instanceKey, sequence);
    ack(sequence);
    return accepted;
  }

  /**
   * Backpressure: while the stitcher closes windows more than {@link #STITCHER_LAG_NS} late, this
   * stream waits before taking the next batch (so its ack waits too and the agent holds back), at
   * most {@link #MAX_WAIT_NS} per batch; beyond that the stitcher's own bound on open packets
   * holds.
   */
  private void awaitStitcher() {
    long deadline = System.nanoTime() + MAX_WAIT_NS;
    while (targets.stitcherLagNs().getAsLong() > STITCHER_LAG_NS && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
  }

  private NodeTopology ownNode(NodeTopology topology) {
    NodeInfo n = topology.node();
    if (n.id().equals(nodeId)) {
      return topology;
    }
    // the stream's identity is the hello's; a report naming another node would corrupt that node's
    // view
    NodeInfo own =
        new NodeInfo(
            nodeId,
            n.hostname(),
            n.role(),
            n.swarmNodeId(),
            n.advertiseAddress(),
            n.underlayInterface(),
            n.engineVersion(),
            n.dataPathPort());
    return new NodeTopology(
        own,
        topology.namespaces(),
        topology.networks(),
        topology.services(),
        topology.tasks(),
        topology.containers(),
        topology.takenAt());
  }

  private synchronized void ack(long sequence) {
    send(CollectorMessage.newBuilder().setAck(Ack.newBuilder().setSequence(sequence)).build());
  }

  private void send(CollectorMessage message) {
    if (!closed && !out.isCancelled()) {
      out.onNext(message);
    }
  }

  private void fail(Status status) {
    log.warn(
        "closing ingest stream{}: {}",
        nodeId == null ? "" : " of " + nodeId,
        status.getDescription());
    synchronized (this) {
      if (!closed) {
        closed = true;
        out.onError(status.asRuntimeException());
      }
    }
    close(status.getDescription());
  }

  private void close(String why) {
    synchronized (this) {
      closed = true;
    }
    targets.config().unregister(this);
    if (nodeId != null) {
      targets.agents().disconnect(nodeId, this, why);
    }
  }

  private Counter observationCounter(String point) {
    Counter counter = observationCounters.get(point);
    if (counter == null) {
      counter = targets.metrics().observations(nodeId, point);
      observationCounters.put(point, counter);
    }
    return counter;
  }
}
