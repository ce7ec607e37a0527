package io.dockercanvas.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the watcher does with files that are not namespaces; needs no privilege (setns says EINVAL
 * first). Scans are driven with {@link NamespaceWatcher#scanNow()} and a hand-moved clock.
 */
class NamespaceWatcherTest {

  private static final String DOCKER_PLACEHOLDER =
      "1-abcdefghij"; // the file Docker makes before the bind mount

  @TempDir Path directory;

  private final AtomicLong nanos = new AtomicLong();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<ScanReport> scans = new CopyOnWriteArrayList<>();
  private final NamespaceListener recorder =
      new NamespaceListener() {
        @Override
        public void added(ObservedNamespace namespace) {
          events.add("added " + namespace.name());
        }

        @Override
        public void removed(ObservedNamespace namespace) {
          events.add("removed " + namespace.name());
        }

        @Override
        public void scanned(ScanReport report) {
          scans.add(report);
        }
      };

  @Test
  void settings_nonPositivePollInterval_failsWithClearError() {
    assertThatThrownBy(
            () -> new NamespaceWatcher.Settings(directory, Duration.ZERO, Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poll interval must be positive");
  }

  @Test
  void scanNow_missingDirectory_reportsItMissing() throws Exception {
    try (NamespaceWatcher watcher = watcher(directory.resolve("netns"))) {
      ScanReport report = scan(watcher);

      assertThat(report.directory()).isEqualTo(ScanReport.Directory.MISSING);
      assertThat(report.files()).isEmpty();
      assertThat(scans).containsExactly(report);
    }
  }

  @Test
  void scanNow_plainFileAndDirectory_refusesTheFileIgnoresTheDirectoryAndLeavesNoThread()
      throws Exception {
    Files.createFile(directory.resolve(DOCKER_PLACEHOLDER));
    Files.createDirectory(directory.resolve("lb_abcdefghi"));

    try (NamespaceWatcher watcher = watcher(directory)) {
      ScanReport report = scan(watcher);

      assertThat(report)
          .isEqualTo(
              new ScanReport(
                  ScanReport.Directory.LISTED,
                  Set.of(DOCKER_PLACEHOLDER),
                  Set.of(),
                  Set.of(DOCKER_PLACEHOLDER),
                  Set.of()));
      assertThat(watcher.namespaces()).isEmpty();
    }
    assertThat(events).isEmpty();
    // The thread that tried to enter reports failure just before it has fully ended.
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(Thread.getAllStackTraces().keySet())
                    .extracting(Thread::getName)
                    .noneMatch(name -> name.startsWith("netns-")));
  }

  @Test
  void scanNow_refusedFileUnchanged_triedAgainOnlyAfterFiveSeconds() throws Exception {
    Files.createFile(directory.resolve(DOCKER_PLACEHOLDER));
    try (NamespaceWatcher watcher = watcher(directory)) {
      assertThat(scan(watcher).refused()).containsExactly(DOCKER_PLACEHOLDER);

      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(4_999));
      ScanReport tooSoon = scan(watcher);
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
      ScanReport retried = scan(watcher);

      assertThat(tooSoon.files()).containsExactly(DOCKER_PLACEHOLDER);
      assertThat(tooSoon.refused()).isEmpty();
      assertThat(retried.refused()).containsExactly(DOCKER_PLACEHOLDER);
    }
  }

  @Test
  void scanNow_refusedFileReplaced_triedAgainAtOnce() throws Exception {
    Path placeholder = Files.createFile(directory.resolve(DOCKER_PLACEHOLDER));
    try (NamespaceWatcher watcher = watcher(directory)) {
      assertThat(scan(watcher).refused()).containsExactly(DOCKER_PLACEHOLDER);

      // A new inode, as Docker's bind mount gives the file (created before the old one is freed, so
      // it differs).
      Path replacement = Files.createFile(directory.resolve("replacement.tmp"));
      Files.move(
          replacement,
          placeholder,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);

      assertThat(scan(watcher).refused()).containsExactly(DOCKER_PLACEHOLDER);
    }
  }

  @Test
  void start_scansByItselfEveryPollInterval() {
    NamespaceWatcher.Settings settings =
        new NamespaceWatcher.Settings(
            directory.resolve("netns"), Duration.ofMillis(10), Duration.ofMillis(10));
    try (NamespaceWatcher watcher = new NamespaceWatcher(settings, recorder).start()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> scans.size() >= 3);
    }
    assertThat(scans).extracting(ScanReport::directory).containsOnly(ScanReport.Directory.MISSING);
  }

  private NamespaceWatcher watcher(Path netns) {
    return new NamespaceWatcher(NamespaceWatcher.Settings.defaults(netns), recorder, nanos::get);
  }

  private static ScanReport scan(NamespaceWatcher watcher) throws Exception {
    return watcher.scanNow().get(10, TimeUnit.SECONDS);
  }
}
