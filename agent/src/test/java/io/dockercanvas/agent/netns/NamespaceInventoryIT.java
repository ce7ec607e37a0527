package io.dockercanvas.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The watcher against real namespaces built here with iproute2 (an overlay-like one with br0 and
 * vxlan0, a container-like one on a veth): inventory, pick-up time, and no leaked thread or fd
 * after removal. Uses only 203.0.113.0/24 addresses and sends no traffic.
 */
class NamespaceInventoryIT {

  @BeforeAll
  static void requireRootAndTools() {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "NamespaceInventoryIT needs root (setns, mount, ip link add); CI runs it as root");
    for (String tool : new String[] {"ip", "bridge", "nsenter", "unshare", "umount"}) {
      assumeTrue(
          HandMadeNamespaces.commandExists(tool),
          "NamespaceInventoryIT needs " + tool + " (iproute2, util-linux)");
    }
  }

  @Test
  void watcher_handMadeOverlayNamespace_readsInventoryAndReleasesEverything() throws Exception {
    Libc.LIBC.strerror(0); // load the native binding before counting fds
    HandMadeNamespaces.run("ip", "-V"); // start the JDK's process reaper before counting threads
    Map<String, Long> addedAtNanos = new ConcurrentHashMap<>();
    NamespaceListener listener =
        new NamespaceListener() {
          @Override
          public void added(ObservedNamespace namespace) {
            addedAtNanos.put(namespace.name(), System.nanoTime());
          }
        };
    try (HandMadeNamespaces namespaces = new HandMadeNamespaces();
        NamespaceWatcher watcher =
            new NamespaceWatcher(
                    NamespaceWatcher.Settings.defaults(namespaces.directory()), listener)
                .start()) {
      Thread.sleep(700); // one empty scan, so the watcher's own thread is in the baseline
      int threadsBefore = liveThreads();
      long fdsBefore = openFds(namespaces.directory());

      Path overlay = namespaces.create("1-abcdefghij");
      Path container = namespaces.create("0123456789ab");
      buildOverlay(namespaces, overlay, container);

      await()
          .pollInSameThread()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                NamespaceInventory inventory = watcher.namespaces().get("1-abcdefghij").inventory();
                NetInterface vxlan = inventory.interfaceNamed("vxlan0").orElseThrow();
                NetInterface bridge = inventory.interfaceNamed("br0").orElseThrow();
                assertThat(bridge.kind()).isEqualTo("bridge");
                assertThat(vxlan.vxlan())
                    .isEqualTo(new NetInterface.VxlanSettings(4097, 4789, "203.0.113.11"));
                assertThat(vxlan.masterIndex()).isEqualTo(bridge.index());
                assertThat(inventory.remoteVteps()).containsExactly("203.0.113.12");
                assertThat(inventory.addressesOf(bridge.index())).containsExactly("10.0.9.1/24");
              });
      ObservedNamespace overlayNamespace = watcher.namespaces().get("1-abcdefghij");
      assertThat(overlayNamespace.role())
          .isEqualTo(new NamespaceRole(NamespaceRole.Kind.OVERLAY, "abcdefghij", 1));
      NetInterface veth = overlayNamespace.inventory().interfaceNamed("veth0").orElseThrow();
      NamespaceInventory containerInventory = watcher.namespaces().get("0123456789ab").inventory();
      NetInterface eth0 = containerInventory.interfaceNamed("eth0").orElseThrow();
      assertThat(eth0.kind()).isEqualTo("veth");
      assertThat(eth0.mtu()).isEqualTo(1450);
      assertThat(eth0.vethPeerIndex()).isEqualTo(veth.index());
      assertThat(
              watcher
                  .runIn(
                      "1-abcdefghij", () -> Files.readString(Path.of("/proc/thread-self/net/dev")))
                  .get())
          .as("work submitted for a namespace runs inside it")
          .contains("vxlan0:")
          .contains("br0:");

      // A namespace thread kept busy must not delay the others.
      CountDownLatch busy = new CountDownLatch(1);
      watcher.runIn("1-abcdefghij", () -> busy.await(10, TimeUnit.SECONDS));
      Thread.sleep(2500); // a refresh of the busy namespace is now queued behind the task
      long createdAt = System.nanoTime();
      namespaces.create("lb_abcdefghi");
      await()
          .pollInSameThread()
          .atMost(Duration.ofSeconds(2))
          .until(() -> addedAtNanos.containsKey("lb_abcdefghi"));
      busy.countDown();
      long pickupMillis = (addedAtNanos.get("lb_abcdefghi") - createdAt) / 1_000_000;
      System.out.printf(
          "NamespaceInventoryIT: new namespace picked up after %d ms%n", pickupMillis);
      assertThat(pickupMillis).isLessThan(2000);

      // Namespaces that vanish right after they appear, mid-enter or mid-read.
      for (int i = 0; i < 10; i++) {
        namespaces.remove(namespaces.create(String.format("%012x", 0xfeed00L + i)));
      }

      namespaces.remove(container);
      namespaces.remove(overlay);
      namespaces.remove(namespaces.directory().resolve("lb_abcdefghi"));
      await()
          .pollInSameThread()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(watcher.namespaces()).isEmpty();
                assertThat(liveThreads()).as("live threads").isEqualTo(threadsBefore);
                assertThat(openFds(namespaces.directory())).as("open fds").isEqualTo(fdsBefore);
              });
      System.out.printf(
          "NamespaceInventoryIT: after removal %d threads (before %d), %d fds (before %d)%n",
          liveThreads(), threadsBefore, openFds(namespaces.directory()), fdsBefore);
    }
  }

  /**
   * Docker's overlay layout: br0 with vxlan0 (VNI 4097) and a veth whose peer is a container's
   * eth0.
   */
  private static void buildOverlay(HandMadeNamespaces namespaces, Path overlay, Path container)
      throws Exception {
    namespaces.runIn(overlay, "ip", "link", "add", "br0", "type", "bridge");
    namespaces.runIn(
        overlay,
        "ip",
        "link",
        "add",
        "vxlan0",
        "type",
        "vxlan",
        "id",
        "4097",
        "dstport",
        "4789",
        "local",
        "203.0.113.11");
    namespaces.runIn(overlay, "ip", "link", "set", "vxlan0", "mtu", "1450", "master", "br0");
    namespaces.runIn(
        overlay,
        "ip",
        "link",
        "add",
        "veth0",
        "mtu",
        "1450",
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "mtu",
        "1450",
        "netns",
        container.toString());
    namespaces.runIn(overlay, "ip", "link", "set", "veth0", "master", "br0");
    namespaces.runIn(overlay, "ip", "addr", "add", "10.0.9.1/24", "dev", "br0");
    namespaces.runIn(overlay, "ip", "link", "set", "br0", "up");
    namespaces.runIn(
        overlay,
        "bridge",
        "fdb",
        "append",
        "00:00:00:00:00:00",
        "dev",
        "vxlan0",
        "dst",
        "203.0.113.12");
  }

  /**
   * Live threads, leaving out the JDK's process reapers (they come and go with the commands run
   * here).
   */
  static int liveThreads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> !thread.getName().startsWith("process reaper"))
            .count();
  }

  /**
   * Open fds, leaving out directory listings that come and go: the watcher's scan of the netns
   * directory and this count's own listing of /proc/self/fd.
   */
  static long openFds(Path watchedDirectory) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  Path target = Files.readSymbolicLink(fd);
                  return !target.equals(watchedDirectory)
                      && !target.toString().matches("/proc/\\d+/fd");
                } catch (IOException e) {
                  return false; // closed while listing: it was one of the transient ones
                }
              })
          .count();
    }
  }

  static {
    ManagementFactory.getRuntimeMXBean(); // JMX threads, if any, start before the baseline
  }
}
