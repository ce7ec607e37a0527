package io.dockercanvas.pipeline.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockercanvas.proto.v1.NodeTopology;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the per-node topology a capture set carries ({@code <node>__topology.json}, as {@code canvas lab
 * capture} writes it) into the contract's {@link NodeTopology}, which a replayed agent reports just as a
 * live one reports what it discovered.
 */
public final class LabTopology {

    static final String FILE_SUFFIX = "__topology.json";

    private LabTopology() {
    }

    /** Every node topology in {@code dir}, by node name; a folder without any is refused. */
    public static Map<String, NodeTopology> readDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder (--topology takes the folder holding <node>"
                    + FILE_SUFFIX + " files)");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*" + FILE_SUFFIX)) {
            listing.forEach(files::add);
        }
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

    /** One node's topology file. */
    public static NodeTopology read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("node").path("name").isTextual()) {
            throw new IOException(file + ": not a lab topology (no node.name)");
        }
        try {
            return LabTopologyMapper.topology(root);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }
}
