package io.dockercanvas.agent.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where JNA (pcap4j's FFI) looks for libpcap, given up front. Without it JNA works the list out
 * itself and on Linux runs {@code /sbin/ldconfig -p} for it: a privileged agent should start no
 * programs, and the JDK's "process reaper" thread for that child lingers for a minute after, which
 * makes the agent's thread count wander (the churn check compares it exactly). The directories are
 * JNA's own defaults, multiarch ones found by listing instead of asking ldconfig.
 */
public final class JnaLibraryPath {

  static final String PROPERTY = "jna.platform.library.path";

  private JnaLibraryPath() {}

  /** Sets the property unless the user did (then theirs wins); call before JNA loads. */
  public static void setUnlessGiven() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, String.join(":", directories(Path.of("/"))));
    }
  }

  /**
   * Existing library directories under {@code root}: multiarch ones ({@code lib/x86_64-linux-gnu}),
   * lib64, lib.
   */
  static List<String> directories(Path root) {
    List<String> found = new ArrayList<>();
    for (String base : List.of("usr/lib", "lib")) {
      try (Stream<Path> entries = Files.list(root.resolve(base))) {
        entries
            .filter(Files::isDirectory)
            .filter(dir -> dir.getFileName().toString().matches("[a-z0-9_]+-linux-gnu\\w*"))
            .sorted()
            .forEach(dir -> found.add("/" + root.relativize(dir)));
      } catch (IOException e) {
        // no such directory on this system
      }
    }
    for (String plain : List.of("usr/lib64", "lib64", "usr/lib", "lib")) {
      if (Files.isDirectory(root.resolve(plain))) {
        found.add("/" + plain);
      }
    }
    return found;
  }
}
