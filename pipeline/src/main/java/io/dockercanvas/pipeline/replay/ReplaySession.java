package io.dockercanvas.pipeline.replay;

import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.Capability;
import io.dockercanvas.proto.v1.ClockInfo;
import io.dockercanvas.proto.v1.Hello;
import io.dockercanvas.proto.v1.TopologySnapshot;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The open agent streams of one replay, one per node. Each {@link #play} reads the captures once
 * more and continues the streams (batch sequences keep growing), so a loop looks like agents that
 * never stopped. Not thread-safe: one thread plays.
 */
public final class ReplaySession implements AutoCloseable {

  static final String AGENT_VERSION = "replay";

  private final CaptureReplay replay;
  private final Map<String, NodeStream> streams;

  private ReplaySession(CaptureReplay replay, Map<String, NodeStream> streams) {
    this.replay = replay;
    this.streams = streams;
  }

  static ReplaySession open(CaptureReplay replay, AgentConnector connector) throws IOException {
    Map<String, NodeStream> streams = new LinkedHashMap<>();
    ReplaySession session = new ReplaySession(replay, streams);
    String instance = UUID.randomUUID().toString();
    try {
      for (String node : replay.input().nodes()) {
        AgentLink link = connector.open(node);
        streams.put(node, new NodeStream(node, link));
        var topology = replay.input().topology(node);
        link.send(
            AgentMessage.newBuilder()
                .setHello(
                    Hello.newBuilder()
                        .setNode(topology.getNode())
                        .setAgentVersion(AGENT_VERSION)
                        .setInstanceId(instance + "/" + node)
                        .addCapabilities(Capability.CAPABILITY_REPLAY)
                        .setClock(ClockInfo.newBuilder().setWallTimeNs(Pacing.nowNs())))
                .build());
        link.send(
            AgentMessage.newBuilder()
                .setTopologySnapshot(
                    TopologySnapshot.newBuilder().setRevision(1).setTopology(topology))
                .build());
      }
    } catch (IOException | RuntimeException e) {
      session.close();
      throw e;
    }
    return session;
  }

  /**
   * Plays the captures once.
   *
   * @param progress hears the (restamped) capture time up to which observations have been sent,
   *     after each batch slice
   */
  public ReplayTotals play(Pacing pacing, SliceListener progress)
      throws IOException, InterruptedException {
    return new ReplayPass(replay, streams, pacing, progress).run();
  }

  @Override
  public void close() {
    streams.values().forEach(s -> s.link().close());
  }

  /** Told after each slice of observations went out. */
  @FunctionalInterface
  public interface SliceListener {

    SliceListener NONE = nowNs -> {};

    void sent(long captureTimeNs) throws IOException, InterruptedException;
  }
}
