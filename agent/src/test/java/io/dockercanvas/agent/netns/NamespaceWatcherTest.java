package io.dockercanvas.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the watcher does with files that are not namespaces; needs no privilege (setns says EINVAL first). */
class NamespaceWatcherTest {

  @TempDir
  Path directory;

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final NamespaceListener recorder = new NamespaceListener() {
    @Override
    public void added(ObservedNamespace namespace) {
      events.add("added " + namespace.name());
    }

    @Override
    public void removed(ObservedNamespace namespace) {
      events.add("removed " + namespace.name());
    }
  };

  @Test
  void settings_nonPositivePollInterval_failsWithClearError() {
    assertThatThrownBy(() -> new NamespaceWatcher.Settings(directory, Duration.ZERO, Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poll interval must be positive");
  }

  @Test
  void scan_missingDirectoryThenPlainFiles_reportsNothingAndLeavesNoThread() throws Exception {
    Path netns = directory.resolve("netns");
    NamespaceWatcher.Settings settings =
        new NamespaceWatcher.Settings(netns, Duration.ofMillis(50), Duration.ofMillis(50));
    try (NamespaceWatcher watcher = new NamespaceWatcher(settings, recorder).start()) {
      Thread.sleep(200);
      Files.createDirectory(netns);
      Files.createFile(netns.resolve("1-abcdefghij")); // what Docker makes before it bind-mounts a namespace
      Files.createDirectory(netns.resolve("lb_abcdefghi"));
      Thread.sleep(300);

      assertThat(watcher.namespaces()).isEmpty();
    }
    assertThat(events).isEmpty();
    // The pool reports termination just before its thread has fully ended.
    await().pollInSameThread().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
            .noneMatch(name -> name.startsWith("netns-")));
  }
}
