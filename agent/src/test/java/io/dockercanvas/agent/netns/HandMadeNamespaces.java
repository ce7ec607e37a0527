package io.dockercanvas.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Network namespaces made with iproute2 and util-linux for tests, each bind-mounted onto a file in
 * a temporary directory the way Docker keeps its own. Needs root. {@link #close()} removes all of
 * them.
 */
final class HandMadeNamespaces implements AutoCloseable {

  private final Path directory;
  private final List<Path> made = new ArrayList<>();

  HandMadeNamespaces() throws IOException {
    this.directory = Files.createTempDirectory("canvas-netns-");
  }

  Path directory() {
    return directory;
  }

  /** A new, empty network namespace held by a bind mount on {@code directory/name}. */
  Path create(String name) throws IOException, InterruptedException {
    Path file = directory.resolve(name);
    Files.createFile(file);
    made.add(file);
    run("unshare", "--net=" + file, "true");
    return file;
  }

  /** Runs a command inside the namespace (the host's mount namespace stays, so paths work). */
  void runIn(Path namespace, String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + namespace));
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  /** Unmounts and deletes the file: the namespace is gone once nobody else holds it. */
  void remove(Path namespace) throws IOException, InterruptedException {
    run("umount", namespace.toString());
    Files.delete(namespace);
    made.remove(namespace);
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      process.getOutputStream().close();
    }
    int exit = process.waitFor();
    assertThat(exit).as("%s failed: %s", String.join(" ", command), output).isZero();
    return output;
  }

  static boolean commandExists(String name) {
    return Files.isExecutable(Path.of("/usr/sbin", name))
        || Files.isExecutable(Path.of("/usr/bin", name))
        || Files.isExecutable(Path.of("/sbin", name))
        || Files.isExecutable(Path.of("/bin", name));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (Path file : List.copyOf(made)) {
      new ProcessBuilder("umount", file.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
      Files.deleteIfExists(file);
    }
    made.clear();
    try (var left = Files.list(directory)) {
      left.forEach(file -> file.toFile().delete());
    }
    Files.deleteIfExists(directory);
  }
}
