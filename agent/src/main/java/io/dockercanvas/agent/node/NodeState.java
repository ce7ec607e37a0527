package io.dockercanvas.agent.node;

import io.dockercanvas.agent.discovery.DockerSnapshot;
import io.dockercanvas.agent.netns.NamespaceInventory;
import io.dockercanvas.agent.netns.ObservedNamespace;
import java.util.Map;

/**
 * What the agent knows about its node at one moment: discovery's snapshot, the agent's own (host)
 * namespace and the Docker namespaces it entered. Capture plans and topology reports are both made
 * from it.
 *
 * @param nodeId the name this node goes by in the contract (--node-name, else the engine's
 *     hostname)
 * @param docker the engine's view; null until the engine was read once
 * @param underlayInterface the NIC holding the advertise address, empty when unknown
 * @param dataPathPort the VXLAN UDP port in use
 * @param excludedFilter a pcap expression for traffic the agent must not capture (its own collector
 *     stream), or empty
 */
public record NodeState(
    String nodeId,
    DockerSnapshot docker,
    NamespaceInventory host,
    String hostNamespacePath,
    String underlayInterface,
    int dataPathPort,
    Map<String, ObservedNamespace> namespaces,
    String excludedFilter) {

  public NodeState {
    namespaces = Map.copyOf(namespaces);
  }
}
