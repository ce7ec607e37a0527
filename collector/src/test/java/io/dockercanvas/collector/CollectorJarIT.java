package io.dockercanvas.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The runnable collector jar (after package) holds no capture, setns or Docker API code: it needs
 * no privileges, and nothing of the agent's native side ships with it. Needs no root: an IT only
 * because it reads the built jar.
 */
class CollectorJarIT {

  private static final Path JAR = Path.of("target", "docker-canvas-collector.jar");

  @Test
  void collectorJar_holdsNoPcapJnrJnaDockerJavaOrAgentClasses() throws IOException {
    assertThat(JAR).as("the shaded collector jar (built in package)").exists();
    List<String> names;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      names = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();
    }
    assertThat(names).as("a real jar").contains("io/dockercanvas/collector/cli/CollectorCli.class");
    assertThat(names)
        .as("the shared pipeline is inside")
        .anyMatch(n -> n.startsWith("io/dockercanvas/pipeline/"));
    assertThat(names)
        .filteredOn(
            n ->
                n.startsWith("org/pcap4j/")
                    || n.startsWith("jnr/")
                    || n.startsWith("com/kenai/jffi/")
                    || n.startsWith("com/sun/jna/")
                    || n.startsWith("com/github/dockerjava/")
                    || n.startsWith("io/dockercanvas/agent/"))
        .as("pcap4j, jnr-ffi/jffi, JNA, docker-java or agent classes in the collector jar")
        .isEmpty();
    assertThat(Files.size(JAR)).isPositive();
  }
}
