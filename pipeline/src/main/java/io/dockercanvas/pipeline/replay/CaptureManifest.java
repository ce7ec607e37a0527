package io.dockercanvas.pipeline.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A capture set's {@code manifest.json}, as {@code canvas lab capture} writes it: an array of
 * {@code {node, point, file, netns?, interface?, packets?}}. Files are relative to the manifest's
 * folder; point names may use {@code __} for {@code /}.
 */
public final class CaptureManifest {

  private CaptureManifest() {}

  /** The captures a manifest lists; a bad manifest is refused with the entry and field at fault. */
  public static List<CaptureSpec> read(Path manifest) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(manifest));
    } catch (NoSuchFileException e) {
      throw new IOException(manifest + ": no such file");
    } catch (JsonProcessingException e) {
      throw new IOException(manifest + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new IOException(manifest + ": expected a JSON array of {node, point, file} entries");
    }
    Path folder = manifest.toAbsolutePath().getParent();
    List<CaptureSpec> captures = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode entry = root.get(i);
      try {
        captures.add(
            new CaptureSpec(
                text(entry, "node"),
                text(entry, "point"),
                folder.resolve(text(entry, "file")),
                entry.path("netns").asText("")));
      } catch (IllegalArgumentException e) {
        throw new IOException(manifest + ": entry " + (i + 1) + ": " + e.getMessage());
      }
    }
    if (captures.isEmpty()) {
      throw new IOException(manifest + ": lists no captures");
    }
    return captures;
  }

  /**
   * The addresses the capture set records beside its manifest, in {@code capture.json} as {@code
   * canvas lab capture} writes it: each node's underlay address ({@code nodes[].name/address}) and
   * the outside client's ({@code outside.address}, the node named {@code outside}). They order hops
   * as {@code --node-address} does. Empty when there is no such file.
   */
  public static Map<String, String> recordedAddresses(Path manifest) throws IOException {
    Path file = manifest.toAbsolutePath().getParent().resolve("capture.json");
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage());
    }
    Map<String, String> addresses = new LinkedHashMap<>();
    if (root == null) {
      return addresses;
    }
    for (JsonNode node : root.path("nodes")) {
      put(addresses, node.path("name").asText(""), node.path("address").asText(""));
    }
    put(addresses, "outside", root.path("outside").path("address").asText(""));
    return addresses;
  }

  private static void put(Map<String, String> addresses, String node, String address) {
    if (!node.isBlank() && !address.isBlank()) {
      addresses.put(node, address);
    }
  }

  private static String text(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not a string");
    }
    return value.asText();
  }
}
