package io.dockercanvas.collector.replay;

import io.dockercanvas.pipeline.replay.AgentConnector;
import io.dockercanvas.pipeline.replay.AgentLink;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.CaptureConfig;
import io.dockercanvas.proto.v1.CollectorMessage;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Replayed agents' way into a collector: one Ingest.Connect stream per node over a gRPC channel,
 * exactly the stream a live agent holds (with the bearer token when the collector wants one).
 * Capture configs the collector pushes go to {@code configs}; acknowledgements let a caller wait
 * until every batch is stored.
 */
public final class IngestConnector implements AgentConnector {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final IngestGrpc.IngestStub stub;
  private final Consumer<CaptureConfig> configs;
  private final List<Link> links = new CopyOnWriteArrayList<>();

  public IngestConnector(Channel channel, Optional<String> token, Consumer<CaptureConfig> configs) {
    IngestGrpc.IngestStub plain = IngestGrpc.newStub(channel);
    if (token.isPresent()) {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + token.get());
      plain = plain.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    this.stub = plain;
    this.configs = configs;
  }

  @Override
  public AgentLink open(String nodeId) {
    Link link = new Link(nodeId);
    link.requests = stub.connect(link);
    links.add(link);
    return link;
  }

  /**
   * Waits until the collector acknowledged every batch sent so far; fails on a closed stream or
   * timeout.
   */
  public void awaitAcknowledged(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Link link : links) {
      link.awaitAcknowledged(deadline);
    }
  }

  private final class Link implements AgentLink, StreamObserver<CollectorMessage> {

    private final String node;
    private final CountDownLatch ended = new CountDownLatch(1);
    private StreamObserver<AgentMessage> requests;
    private long lastSent;
    private long acknowledged;
    private Throwable failure;
    private boolean completed;

    Link(String node) {
      this.node = node;
    }

    @Override
    public void send(AgentMessage message) throws IOException {
      synchronized (this) {
        failIfClosed();
        if (completed) {
          throw new IOException("node " + node + "'s ingest stream is already closed");
        }
        if (message.hasObservationBatch()) {
          lastSent = message.getObservationBatch().getSequence();
        }
      }
      requests.onNext(message);
    }

    @Override
    public void close() {
      synchronized (this) {
        if (completed) {
          return;
        }
        completed = true;
      }
      requests.onCompleted();
      try {
        ended.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onNext(CollectorMessage message) {
      switch (message.getMessageCase()) {
        case ACK -> {
          synchronized (this) {
            acknowledged = Math.max(acknowledged, message.getAck().getSequence());
            notifyAll();
          }
        }
        case CAPTURE_CONFIG -> configs.accept(message.getCaptureConfig());
        default -> {}
      }
    }

    @Override
    public void onError(Throwable t) {
      synchronized (this) {
        failure = t;
        notifyAll();
      }
      ended.countDown();
    }

    @Override
    public void onCompleted() {
      ended.countDown();
    }

    synchronized void awaitAcknowledged(long deadlineNanos)
        throws IOException, InterruptedException {
      while (acknowledged < lastSent) {
        failIfClosed();
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          throw new IOException(
              "the collector did not acknowledge node "
                  + node
                  + "'s batch "
                  + lastSent
                  + " in time");
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    private void failIfClosed() throws IOException {
      if (failure != null) {
        Status status = Status.fromThrowable(failure);
        throw new IOException(
            "the collector closed node "
                + node
                + "'s ingest stream: "
                + status.getCode()
                + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")"),
            failure);
      }
    }
  }
}
