package io.dockercanvas.pipeline.replay;

import io.dockercanvas.proto.v1.AgentMessage;
import java.io.IOException;

/**
 * One agent's stream to the collector: Hello first, then topology, observation batches and losses.
 */
public interface AgentLink extends AutoCloseable {

  /** Sends one message; fails when the collector refused or closed the stream. */
  void send(AgentMessage message) throws IOException;

  /** Ends the stream. */
  @Override
  void close();
}
