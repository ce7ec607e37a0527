package io.dockercanvas.collector.replay;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds one of the lab's recordings for the demo ({@link DemoScenes}): {@code deploy/lab/<folder>}
 * of the checkout this collector was built in (or of the working directory), else the copy packaged
 * in the jar (as {@code demo-<folder>/}), unpacked to a temporary folder that is removed when the
 * JVM exits.
 */
public final class DemoSample {

  /** The default scene's folder: the lab's plain recording. */
  static final String SAMPLE = "sample";

  private static final Path LAB = Path.of("deploy", "lab");

  private DemoSample() {}

  /** The folder holding the default sample's manifest.json. */
  public static Path locate() throws IOException {
    return locate(SAMPLE);
  }

  /** The folder holding the manifest.json of the recording deploy/lab/FOLDER. */
  public static Path locate(String folder) throws IOException {
    for (Path root : candidateRoots()) {
      Path sample = root.resolve(LAB).resolve(folder);
      if (Files.isRegularFile(sample.resolve("manifest.json"))) {
        return sample;
      }
    }
    return unpack(folder);
  }

  /**
   * Copies the packaged default sample (manifest, its captures, topologies) into a fresh temporary
   * folder.
   */
  public static Path unpack() throws IOException {
    return unpack(SAMPLE);
  }

  /** As {@link #unpack()}, for the recording deploy/lab/FOLDER. */
  public static Path unpack(String folder) throws IOException {
    String resource = "demo-" + folder + "/";
    Path dir = Files.createTempDirectory("docker-canvas-demo-");
    Set<String> files = new LinkedHashSet<>();
    files.add("manifest.json");
    JsonArray manifest;
    try (InputStream in = resource(resource, "manifest.json")) {
      manifest = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    for (int i = 0; i < manifest.size(); i++) {
      JsonObject entry = manifest.getJsonObject(i);
      files.add(entry.getString("file"));
      files.add(entry.getString("node") + "__topology.json");
    }
    files.add("capture.json");
    for (String file : files) {
      try (InputStream in =
          DemoSample.class.getClassLoader().getResourceAsStream(resource + file)) {
        if (in != null) {
          Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
          dir.resolve(file).toFile().deleteOnExit();
        }
      }
    }
    dir.toFile().deleteOnExit(); // registered last, so deleted after its files
    return dir;
  }

  private static InputStream resource(String resource, String name) throws IOException {
    InputStream in = DemoSample.class.getClassLoader().getResourceAsStream(resource + name);
    if (in == null) {
      throw new IOException(
          "this collector build has no demo sample ("
              + resource
              + name
              + " is not in the jar);"
              + " run the demo from a docker-canvas checkout or rebuild the collector");
    }
    return in;
  }

  /** Folders above this jar (or classes folder), then the working directory. */
  private static Set<Path> candidateRoots() {
    Set<Path> roots = new LinkedHashSet<>();
    try {
      Path code =
          Path.of(DemoSample.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = code.toAbsolutePath().getParent();
          p != null && roots.size() < 4;
          p = p.getParent()) {
        roots.add(p);
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no code source (unusual class loader): the working directory and the packaged copy remain
    }
    roots.add(Path.of("").toAbsolutePath());
    return roots;
  }
}
