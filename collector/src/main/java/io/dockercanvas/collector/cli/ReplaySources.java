package io.dockercanvas.collector.cli;

import io.dockercanvas.pipeline.replay.CaptureManifest;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import io.dockercanvas.pipeline.replay.CaptureSpec;
import io.dockercanvas.pipeline.replay.ReplayInput;
import io.dockercanvas.pipeline.replay.TopologyFiles;
import io.dockercanvas.proto.v1.NodeTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The recorded captures a replay plays, and what is known of their nodes: options shared by
 * journeys and replay.
 */
final class ReplaySources {

  @Option(
      names = "--capture",
      paramLabel = "NODE:POINT=FILE",
      description =
          "A pcap/pcapng file taken on NODE at an observation point (repeat for each file). POINT is "
              + "canonical: eth0 (the underlay NIC), docker_gwbridge, ingress_sbox/eth1, <network>/vxlan0, <network>/br0, "
              + "<container>/eth0; '__' may stand for '/'. Example: node2:wordpress_net/vxlan0=vx.pcap")
  List<String> captures = new ArrayList<>();

  @Option(
      names = "--manifest",
      paramLabel = "FILE",
      description =
          "A capture set's manifest.json ({node, point, file} entries, as 'canvas lab capture' writes it); "
              + "the <node>__topology.json files beside it are used unless --topology says otherwise, and the node and "
              + "outside client addresses in the capture.json beside it unless --node-address says otherwise.")
  Path manifest;

  @Option(
      names = "--topology",
      paramLabel = "DIR",
      description =
          "Folder with each node's <node>__topology.json (its 'canvas agent snapshot' output): networks, "
              + "VNIs, namespaces, containers.")
  Path topology;

  @Option(
      names = "--node-address",
      paramLabel = "NODE=IP",
      description =
          "A node's underlay address, where VXLAN tunnels end (repeatable); orders hops when no topology is "
              + "given. Also for a capture taken outside the nodes: the outside client's address puts the replies to it "
              + "last. Example: --node-address manager=203.0.113.11 --node-address outside=198.51.100.100")
  List<String> nodeAddresses = new ArrayList<>();

  /** The replay these options describe; bad input is refused with a message naming the option. */
  CaptureReplay replay() throws IOException {
    List<CaptureSpec> specs = new ArrayList<>();
    for (String capture : captures) {
      try {
        specs.add(CaptureSpec.parse(capture));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--capture " + e.getMessage());
      }
    }
    Map<String, String> addresses = new LinkedHashMap<>();
    if (manifest != null) {
      specs.addAll(CaptureManifest.read(manifest));
      addresses.putAll(CaptureManifest.recordedAddresses(manifest));
    }
    if (specs.isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to replay: give --capture NODE:POINT=FILE (repeatable) or --manifest FILE");
    }
    Map<String, NodeTopology> topologies =
        topology != null
            ? TopologyFiles.readDir(topology)
            : manifest != null ? TopologyFiles.readBeside(manifest) : Map.of();
    addresses.putAll(ReplayInput.parseAddresses(nodeAddresses));
    CaptureReplay replay = new CaptureReplay(new ReplayInput(specs, topologies, addresses));
    replay.checkReadable();
    return replay;
  }
}
