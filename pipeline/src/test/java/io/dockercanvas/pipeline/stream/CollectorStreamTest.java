package io.dockercanvas.pipeline.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.CaptureConfig;
import io.dockercanvas.proto.v1.LostEvent;
import io.dockercanvas.proto.v1.LostEventSource;
import io.dockercanvas.proto.v1.Network;
import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.NodeTopology;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.TraceFilter;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollectorStreamTest {

  private static final String AGENT_VERSION = "9.8.7-test";
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final NodeTopology TOPOLOGY =
      NodeTopology.newBuilder()
          .setNode(
              Node.newBuilder()
                  .setId("node1")
                  .setHostname("node1")
                  .setAdvertiseAddress("203.0.113.11"))
          .addNetworks(Network.newBuilder().setId("net1").setName("web"))
          .build();

  private final String name = InProcessServerBuilder.generateName();
  private final TestIngest ingest = new TestIngest();
  private final AtomicReference<NodeTopology> topology = new AtomicReference<>(TOPOLOGY);
  private final List<SamplingPolicy> policies = new CopyOnWriteArrayList<>();
  private final FastClock clock =
      new FastClock(); // backoffs and pumps 40 times faster, where not said otherwise
  private Server server;
  private ManagedChannel channel;
  private CollectorStream stream;

  private void startServer() throws IOException {
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(ingest, ingest))
            .build()
            .start();
  }

  private CollectorStream startStream(String token, ExportBuffer buffer, int maxUnacked) {
    return startStream(token, buffer, maxUnacked, clock);
  }

  private CollectorStream startStream(
      String token, ExportBuffer buffer, int maxUnacked, StreamClock clock) {
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stream =
        new CollectorStream(
                channel,
                token,
                buffer,
                topology::get,
                policies::add,
                maxUnacked,
                AGENT_VERSION,
                clock)
            .start();
    return stream;
  }

  @AfterEach
  void stop() {
    if (stream != null) {
      stream.close();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  /** Ten batches of 1000: each is on the wire before the next is made. */
  private void sendTenBatchesOneByOne(ExportBuffer buffer) {
    for (int batch = 1; batch <= 10; batch++) {
      offerAsOneBatch(buffer, 1000);
      int sent = batch;
      await().atMost(Duration.ofSeconds(5)).until(() -> ingest.batches.size() == sent);
    }
  }

  /**
   * Offers {@code count} (at most a batch, 1000) while the stream waits between two pumps, and
   * waits until its next pump has taken the queue: one batch of what the queue held.
   */
  private void offerAsOneBatch(ExportBuffer buffer, int count) {
    clock.hold();
    await().atMost(Duration.ofSeconds(5)).until(clock::holding);
    offer(buffer, count);
    clock.release();
    await().atMost(Duration.ofSeconds(5)).until(() -> buffer.queuedObservations() == 0);
  }

  private static void offer(ExportBuffer buffer, int count) {
    for (int i = 0; i < count; i++) {
      buffer.observation(PacketObservation.newBuilder().setFingerprint(i).setCaplen(60).build());
    }
  }

  private static long observationsIn(List<AgentMessage> messages) {
    return messages.stream()
        .filter(AgentMessage::hasObservationBatch)
        .mapToLong(m -> m.getObservationBatch().getObservationsCount())
        .sum();
  }

  @Test
  void start_helloFirstThenSnapshotThenBatches() throws IOException {
    startServer();
    ExportBuffer buffer = new ExportBuffer("node1", 10_000);
    offer(buffer, 2500); // queued before the stream starts, so the batches are 1000, 1000 and 500
    startStream("", buffer, 16);

    await().atMost(Duration.ofSeconds(10)).until(() -> ingest.observationsDelivered() == 2500);

    List<AgentMessage> received = List.copyOf(ingest.connections.get(0)); // still open: a snapshot
    assertThat(received.get(0).getHello().getNode().getId()).isEqualTo("node1");
    assertThat(received.get(0).getHello().getInstanceId()).isNotEmpty();
    assertThat(received.get(0).getHello().getAgentVersion()).isEqualTo(AGENT_VERSION);
    assertThat(received.get(1).getTopologySnapshot().getTopology()).isEqualTo(TOPOLOGY);
    assertThat(received.subList(2, received.size())).allMatch(AgentMessage::hasObservationBatch);
    assertThat(received.subList(2, received.size()))
        .extracting(m -> m.getObservationBatch().getSequence())
        .containsExactly(1L, 2L, 3L);
    assertThat(received.get(4).getObservationBatch().getObservationsSampledTotal()).isEqualTo(2500);
  }

  /**
   * While connected the stream passes over the capture queues every {@link
   * CollectorStream#FLUSH_MILLIS} (20 ms): an observation waits at most that long in the agent
   * before it is sent, so the page's first dot can follow its capture within 200 ms (issue 16).
   */
  @Test
  void connected_passesOverTheQueuesEvery20ms() throws IOException {
    startServer();
    List<Long> sleeps = new CopyOnWriteArrayList<>();
    StreamClock recording =
        new StreamClock() {
          @Override
          public long nanoTime() {
            return clock.nanoTime();
          }

          @Override
          public void sleep(long millis) throws InterruptedException {
            if (stream != null && stream.connected()) {
              sleeps.add(millis);
            }
            clock.sleep(millis);
          }
        };
    ExportBuffer buffer = new ExportBuffer("node1", 10);
    startStream("", buffer, 16, recording);
    await().atMost(Duration.ofSeconds(10)).until(() -> sleeps.size() >= 5);
    assertThat(sleeps).containsOnly(20L);
    assertThat(CollectorStream.FLUSH_MILLIS).isEqualTo(20L);
  }

  @Test
  void connect_withToken_sendsBearerAuthorization() throws IOException {
    startServer();
    startStream("s3cret", new ExportBuffer("node1", 10), 16);

    await().atMost(Duration.ofSeconds(10)).until(stream::connected);

    assertThat(ingest.headers.get(0).get(AUTHORIZATION)).isEqualTo("Bearer s3cret");
  }

  @Test
  void connect_withoutToken_sendsNoAuthorization() throws IOException {
    startServer();
    startStream(null, new ExportBuffer("node1", 10), 16);

    await().atMost(Duration.ofSeconds(10)).until(stream::connected);

    assertThat(ingest.headers.get(0).get(AUTHORIZATION)).isNull();
  }

  @Test
  void topologyChange_sendsDeltaWithNextRevisionCarryingTheChange() throws IOException {
    startServer();
    startStream("", new ExportBuffer("node1", 10), 16);
    await().atMost(Duration.ofSeconds(10)).until(stream::connected);
    long snapshotRevision = ingest.connections.get(0).get(1).getTopologySnapshot().getRevision();

    Network added = Network.newBuilder().setId("net2").setName("db").build();
    topology.set(TOPOLOGY.toBuilder().addNetworks(added).build());

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ingest.connections.get(0).stream().anyMatch(AgentMessage::hasTopologyDelta));
    var delta =
        ingest.connections.get(0).stream()
            .filter(AgentMessage::hasTopologyDelta)
            .findFirst()
            .orElseThrow()
            .getTopologyDelta();
    assertThat(delta.getRevision()).isEqualTo(snapshotRevision + 1);
    assertThat(delta.getUpsertedNetworksList()).containsExactly(added);
    assertThat(delta.hasNode()).isFalse();
    assertThat(delta.getRemovedNetworksList()).isEmpty();
  }

  @Test
  void capturePoints_sentOnceKnownAndAgainOnlyWhenTheyChange() throws IOException {
    startServer();
    AtomicReference<List<String>> points = new AtomicReference<>();
    startStream("", new ExportBuffer("node1", 10), 16).capturePoints(points::get);
    await().atMost(Duration.ofSeconds(10)).until(stream::connected);

    points.set(List.of("eth0", "web/eth1"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> capturePointsSent(ingest.connections.get(0)).size() == 1);
    points.set(List.of("eth0", "web/eth0", "web/eth1"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> capturePointsSent(ingest.connections.get(0)).size() == 2);

    assertThat(capturePointsSent(ingest.connections.get(0)))
        .containsExactly(List.of("eth0", "web/eth1"), List.of("eth0", "web/eth0", "web/eth1"));
    assertThat(ingest.connections.get(0).get(1).hasTopologySnapshot()).isTrue();
  }

  private static List<List<String>> capturePointsSent(List<AgentMessage> messages) {
    return messages.stream()
        .filter(AgentMessage::hasCapturePoints)
        .map(m -> List.copyOf(m.getCapturePoints().getPointsList()))
        .toList();
  }

  @Test
  void captureConfig_fromCollector_isAppliedAsSamplingPolicy() throws IOException {
    ingest.configs =
        List.of(
            CaptureConfig.newBuilder()
                .setRevision(7)
                .setSampleBelow(Long.MIN_VALUE)
                .setSnapLength(96)
                .addTraceFilters(TraceFilter.newBuilder().setId("web").addPorts(8001))
                .build());
    startServer();
    startStream("", new ExportBuffer("node1", 10), 16);

    await().atMost(Duration.ofSeconds(10)).until(() -> !policies.isEmpty());

    SamplingPolicy policy = policies.get(0);
    assertThat(policy.revision()).isEqualTo(7);
    assertThat(policy.sampling().sampleBelow())
        .as("half the hash space")
        .isEqualTo(0x8000_0000_0000_0000L);
    assertThat(policy.snapLength()).isEqualTo(96);
    assertThat(policy.traceFilters().isEmpty()).isFalse();
  }

  @Test
  void captureConfig_malformed_isRefusedAndTheNextOneApplied() throws IOException {
    CaptureConfig malformed =
        CaptureConfig.newBuilder()
            .setRevision(8)
            .addTraceFilters(TraceFilter.newBuilder().setId("bad").addCidrs("collector.example/24"))
            .build();
    CaptureConfig valid = CaptureConfig.newBuilder().setRevision(9).setSnapLength(96).build();
    ingest.configs = List.of(malformed, valid);
    startServer();
    startStream("", new ExportBuffer("node1", 10), 16);

    // A stream's messages are handled in order: once revision 9 is applied, revision 8 was handled.
    await().atMost(Duration.ofSeconds(10)).until(() -> !policies.isEmpty());

    assertThat(policies).extracting(SamplingPolicy::revision).containsExactly(9L);
  }

  @Test
  void reconnect_resendsTheUnackedBatchesAfterHelloAckResume() throws IOException {
    ingest.ack = false;
    startServer();
    ExportBuffer buffer = new ExportBuffer("node1", 10_000);
    offer(buffer, 3000);
    startStream("", buffer, 16);
    await().atMost(Duration.ofSeconds(10)).until(() -> ingest.batches.size() == 3);

    server.shutdownNow(); // the collector goes away, then comes back having kept batch 1 only
    ingest.batches.keySet().removeIf(sequence -> sequence > 1);
    startServer();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ingest.connections.size() == 2 && ingest.batches.size() == 3);
    List<AgentMessage> second = ingest.connections.get(1);
    assertThat(second.get(0).hasHello()).isTrue();
    assertThat(second.get(1).hasTopologySnapshot()).isTrue();
    assertThat(
            second.stream()
                .filter(AgentMessage::hasObservationBatch)
                .map(m -> m.getObservationBatch().getSequence()))
        .containsExactly(2L, 3L);
    assertThat(ingest.observationsDelivered()).isEqualTo(3000);
  }

  @Test
  void reconnect_ackedBatchesAreNotResent() throws IOException {
    startServer();
    ExportBuffer buffer = new ExportBuffer("node1", 10_000);
    offer(buffer, 2000);
    startStream("", buffer, 16);
    await().atMost(Duration.ofSeconds(10)).until(() -> ingest.batches.size() == 2);

    server.shutdownNow();
    ingest.resumeAfter = 0L; // a collector that forgot: only what was never acked could come again
    startServer();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ingest.connections.size() == 2 && stream.connected());
    offer(buffer, 10);
    await().atMost(Duration.ofSeconds(5)).until(() -> ingest.batches.size() == 3);
    assertThat(
            ingest.connections.get(1).stream()
                .filter(AgentMessage::hasObservationBatch)
                .map(m -> m.getObservationBatch().getSequence()))
        .containsExactly(3L);
  }

  @Test
  void collectorDown_retriesWithBackoffDoublingFromHalfASecondToTwo() throws IOException {
    ingest.clock = clock::nanoTime;
    ingest.refuse = true;
    startServer();
    startStream("", new ExportBuffer("node1", 10), 16);

    await().atMost(Duration.ofSeconds(10)).until(() -> ingest.attemptNanos.size() >= 5);

    // each wait is the backoff rounded up to whole pumps of 200 ms
    // a copy: attempts go on while this reads (a view of the live list throws on the next one)
    assertThat(millisBetween(List.copyOf(ingest.attemptNanos).subList(0, 5)))
        .containsExactly(600L, 1000L, 2000L, 2000L);
    ingest.refuse = false;
    await().atMost(Duration.ofSeconds(5)).until(stream::connected);
  }

  @Test
  void collectorGoneAfterALongSession_reconnectsWithTheShortBackoffAgain() throws IOException {
    ingest.clock = clock::nanoTime;
    ingest.refuse = true;
    startServer();
    startStream("", new ExportBuffer("node1", 10), 16);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ingest.attemptNanos.size() >= 4); // backoff now 2 s
    ingest.refuse = false;
    await().atMost(Duration.ofSeconds(5)).until(stream::connected);

    ingest.endOpenStream();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ingest.connections.size() == 2 && stream.connected());
    long retryMillis =
        TimeUnit.NANOSECONDS.toMillis(
            ingest.attemptNanos.get(ingest.attemptNanos.size() - 1) - ingest.endedNanos);
    assertThat(retryMillis)
        .as("noticed within a pump, then the first backoff (0.5 s), not the outage's 2 s")
        .isBetween(600L, 1000L);
  }

  @Test
  void disconnected_memoryBoundedAndEveryObservationDeliveredOrReportedLost() throws IOException {
    ingest.refuse = true;
    startServer();
    ExportBuffer buffer = new ExportBuffer("node1", 500);
    int maxUnacked = 3;
    startStream("", buffer, maxUnacked);
    long offered = 0;
    for (int round = 0;
        round < 12;
        round++) { // 12 batches of 500, 300 more each round than the queue holds
      offerAsOneBatch(buffer, 800);
      offered += 800;
    }
    ingest.refuse = false;

    long total = offered;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ingest.observationsDelivered() + ingest.lostCount() == total);

    assertThat(ingest.observationsDelivered())
        .as("held while disconnected: the resend buffer's 3 batches")
        .isEqualTo(maxUnacked * 500L);
    assertThat(lostFrom(LostEventSource.LOST_EVENT_SOURCE_AGENT_QUEUE))
        .as("queue full")
        .isEqualTo(12 * 300L);
    assertThat(lostFrom(LostEventSource.LOST_EVENT_SOURCE_AGENT_EXPORT))
        .as("9 batches dropped from the resend buffer")
        .isEqualTo(9 * 500L);
    offer(buffer, 100);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ingest.observationsDelivered() + ingest.lostCount() == total + 100);
  }

  @Test
  void close_openStream_halfClosesItCleanly() throws IOException {
    startServer();
    startStream("", new ExportBuffer("node1", 10), 16);
    await().atMost(Duration.ofSeconds(10)).until(stream::connected);

    stream.close();

    await().atMost(Duration.ofSeconds(5)).until(() -> ingest.completed.get() == 1);
    assertThat(ingest.failed.get()).isZero();
    assertThat(stream.connected()).isFalse();
  }

  @Test
  void slowAcks_batchesDroppedFromTheResendBufferAfterArriving_areNotReportedLost()
      throws IOException {
    ingest.ack =
        false; // acks come late: the resend buffer overflows with batches the collector has
    startServer();
    ExportBuffer buffer = new ExportBuffer("node1", 20_000);
    startStream("", buffer, 3);
    await().atMost(Duration.ofSeconds(10)).until(stream::connected);
    sendTenBatchesOneByOne(buffer);

    server.shutdownNow(); // the collector comes back knowing all 10 batches
    startServer();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ingest.connections.size() == 2 && stream.connected());
    offer(buffer, 10);
    await().atMost(Duration.ofSeconds(5)).until(() -> ingest.batches.size() == 11);

    assertThat(ingest.lost).isEmpty();
    assertThat(ingest.observationsDelivered()).isEqualTo(10_010);
  }

  @Test
  void streamBroke_batchesSentButNeverArrived_areReportedLostExactly() throws IOException {
    ingest.ack = false;
    startServer();
    ExportBuffer buffer = new ExportBuffer("node1", 20_000);
    startStream("", buffer, 3);
    await().atMost(Duration.ofSeconds(10)).until(stream::connected);
    sendTenBatchesOneByOne(buffer);

    server.shutdownNow(); // the collector comes back having kept batches 1..4 only
    ingest.batches.keySet().removeIf(sequence -> sequence > 4);
    startServer();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ingest.observationsDelivered() + ingest.lostCount() == 10_000);
    assertThat(ingest.batches.keySet())
        .as("the resend buffer's 3 batches came again")
        .contains(8L, 9L, 10L);
    assertThat(ingest.lostCount())
        .as("batches 5..7: sent, dropped from the buffer, never kept")
        .isEqualTo(3000);
  }

  @Test
  void totals_collectorRestartedWithoutMemory_offeredIsDeliveredPlusLostExactly()
      throws IOException {
    startServer();
    ExportBuffer buffer = new ExportBuffer("node1", 2000);
    startStream("", buffer, 2);
    offer(buffer, 1500);
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.totals().delivered() == 1500);

    server.shutdownNow(); // killed: the new instance holds nothing and resumes from 0
    ingest.batches.clear();
    ingest.resumeAfter = 0L;
    for (int round = 0; round < 12; round++) { // 12 batches: more than the resend buffer holds
      offerAsOneBatch(buffer, 400);
    }
    startServer();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> stream.connected() && stream.totals().pending() == 0);

    ExportTotals totals = stream.totals();
    assertThat(totals.offered()).isEqualTo(1500 + 4800);
    assertThat(totals.lost())
        .as("10 of the 12 batches made while the collector was away")
        .isEqualTo(4000);
    assertThat(totals.delivered() + totals.lost()).as(totals.summary()).isEqualTo(totals.offered());
    assertThat(totals.deliveredOnLastStream())
        .as("what the new instance holds")
        .isEqualTo(800)
        .isEqualTo(ingest.observationsDelivered());
    assertThat(totals.delivered() - totals.deliveredOnLastStream())
        .as("acked by the first instance")
        .isEqualTo(1500);
  }

  @Test
  void closeWithDrain_deliversWhatIsPendingBeforeClosing() throws IOException {
    startServer();
    ExportBuffer buffer = new ExportBuffer("node1", 10_000);
    startStream("", buffer, 16, StreamClock.SYSTEM); // the drain's 5 s are real
    await().atMost(Duration.ofSeconds(10)).until(stream::connected);
    offer(buffer, 2500);

    stream.close(Duration.ofSeconds(5));

    assertThat(ingest.observationsDelivered()).isEqualTo(2500);
    assertThat(stream.totals()).isEqualTo(new ExportTotals(2500, 2500, 2500, 0, 0));
  }

  @Test
  void closeWithDrain_collectorDown_givesUpAfterTheDrainAndSaysWhatIsPending() throws IOException {
    ingest.refuse = true;
    startServer();
    ExportBuffer buffer = new ExportBuffer("node1", 10_000);
    startStream("", buffer, 16, StreamClock.SYSTEM);
    offer(buffer, 300);

    stream.close(Duration.ofMillis(500));

    assertThat(stream.totals()).isEqualTo(new ExportTotals(300, 0, 0, 0, 300));
  }

  private long lostFrom(LostEventSource source) {
    return ingest.lost.stream()
        .filter(event -> event.getSource() == source)
        .mapToLong(LostEvent::getCount)
        .sum();
  }

  private static List<Long> millisBetween(List<Long> nanos) {
    return IntStream.range(1, nanos.size())
        .mapToObj(i -> TimeUnit.NANOSECONDS.toMillis(nanos.get(i) - nanos.get(i - 1)))
        .toList();
  }
}
