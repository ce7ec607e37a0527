package io.dockercanvas.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JnaLibraryPathTest {

  @TempDir Path root;

  @Test
  void multiarchDirectoriesFirst_thenLib64AndLib_onlyThoseThatExist() throws Exception {
    Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
    Files.createDirectories(root.resolve("usr/lib/jvm"));
    Files.createDirectories(root.resolve("lib/aarch64-linux-gnu"));
    Files.createDirectories(root.resolve("lib64"));

    assertThat(JnaLibraryPath.directories(root))
        .containsExactly(
            "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/lib64", "/usr/lib", "/lib");
  }

  @Test
  void emptyRoot_noDirectories() {
    assertThat(JnaLibraryPath.directories(root)).isEmpty();
  }
}
