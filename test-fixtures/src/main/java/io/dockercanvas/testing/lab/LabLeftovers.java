package io.dockercanvas.testing.lab;

import io.dockercanvas.testing.HostCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a lab may leave on the machine, looked up in the kernel and /proc rather than in the lab's
 * own state file: namespaces, links, the bridge, daemons, mounts, iptables rules, the state
 * directory.
 */
final class LabLeftovers {

  static final String NETNS_PREFIX = "canvas-lab-";
  static final String LINK_PREFIX = "cvlab";
  static final String FIREWALL_COMMENT = "docker-canvas-lab";

  private LabLeftovers() {}

  /** One line per piece of a lab in LAB_DIR still present; empty when the machine is clean. */
  static List<String> find(Path labDir) {
    List<String> found = new ArrayList<>();
    HostCommand.query("ip", "netns", "list")
        .lines()
        .map(line -> line.split(" ")[0])
        .filter(name -> name.startsWith(NETNS_PREFIX))
        .forEach(name -> found.add("network namespace " + name));
    HostCommand.query("ip", "-o", "link", "show")
        .lines()
        .map(line -> line.split(": ")[1].split("@")[0])
        .filter(name -> name.startsWith(LINK_PREFIX))
        .forEach(name -> found.add("link " + name));
    labProcesses(labDir).forEach(process -> found.add("process " + process));
    mountsUnderLabDir(labDir).forEach(mount -> found.add("mount " + mount));
    HostCommand.query("iptables", "-w", "-S")
        .lines()
        .filter(rule -> rule.contains(FIREWALL_COMMENT))
        .forEach(rule -> found.add("iptables rule " + rule));
    if (Files.exists(labDir)) {
      found.add("directory " + labDir);
    }
    return found;
  }

  /** dockerd, containerd, shims and proxies whose command line points into the lab directory. */
  static List<String> labProcesses(Path labDir) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      processes
          .filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              dir -> {
                String commandLine = read(dir.resolve("cmdline")).replace('\0', ' ').strip();
                if (commandLine.contains(labDir + "/")
                    || commandLine.contains("-namespace " + NETNS_PREFIX)) {
                  found.add(dir.getFileName() + " " + commandLine);
                }
              });
    } catch (IOException e) {
      throw new AssertionError("cannot list /proc", e);
    }
    return found;
  }

  static List<String> mountsUnderLabDir(Path labDir) {
    return read(Path.of("/proc/self/mountinfo"))
        .lines()
        .map(line -> line.split(" ")[4])
        .filter(target -> target.startsWith(labDir + "/") || target.equals(labDir.toString()))
        .toList();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return ""; // a process that ended while we looked
    }
  }
}
