package io.dockercanvas.pipeline.replay;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.proto.v1.NodeTopology;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-node topology files of a capture set, {@code <node>__topology.json}: each is that node's
 * {@code canvas agent snapshot} output, the contract's {@link NodeTopology} as protobuf JSON, so a
 * replayed agent reports exactly what the live one discovered.
 */
public final class TopologyFiles {

  static final String FILE_SUFFIX = "__topology.json";

  private TopologyFiles() {}

  /** Every node topology in {@code dir}, by node; a folder without any is refused. */
  public static Map<String, NodeTopology> readDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          dir
              + ": not a folder (--topology takes the folder holding <node>"
              + FILE_SUFFIX
              + " files)");
    }
    List<Path> files = list(dir);
    if (files.isEmpty()) {
      throw new IOException(dir + ": holds no <node>" + FILE_SUFFIX + " files");
    }
    Map<String, NodeTopology> topologies = new TreeMap<>();
    for (Path file : files) {
      NodeTopology topology = read(file);
      topologies.put(topology.getNode().getId(), topology);
    }
    return topologies;
  }

  /** The topologies beside a manifest, if it has any. */
  public static Map<String, NodeTopology> readBeside(Path manifest) throws IOException {
    Path folder = manifest.toAbsolutePath().getParent();
    return list(folder).isEmpty() ? Map.of() : readDir(folder);
  }

  /**
   * One node's file, exactly as {@code canvas agent snapshot} prints it. Unknown fields are
   * refused: a file in another format would otherwise read as an almost empty topology.
   */
  public static NodeTopology read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file");
    }
    NodeTopology.Builder topology = NodeTopology.newBuilder();
    try {
      JsonFormat.parser().merge(text, topology);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(
          file + ": not the JSON of 'canvas agent snapshot' (a NodeTopology): " + e.getMessage());
    }
    String node = topology.getNode().getId();
    if (node.isEmpty()) {
      throw new IOException(
          file + ": not the JSON of 'canvas agent snapshot' (a NodeTopology): no node.id");
    }
    String named = file.getFileName().toString();
    if (named.endsWith(FILE_SUFFIX) && !named.equals(node + FILE_SUFFIX)) {
      throw new IOException(
          file
              + ": holds the topology of node '"
              + node
              + "'; its file must be named "
              + node
              + FILE_SUFFIX
              + " to match the captures of that node");
    }
    return topology.build();
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*" + FILE_SUFFIX)) {
      listing.forEach(files::add);
    }
    return files;
  }
}
