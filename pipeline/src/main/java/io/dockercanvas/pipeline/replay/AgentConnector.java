package io.dockercanvas.pipeline.replay;

import java.io.IOException;

/**
 * Opens an agent's stream to a collector; a replay opens one per node, as every node runs its own
 * agent.
 */
@FunctionalInterface
public interface AgentConnector {

  AgentLink open(String nodeId) throws IOException;
}
