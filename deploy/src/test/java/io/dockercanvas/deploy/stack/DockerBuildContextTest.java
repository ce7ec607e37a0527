package io.dockercanvas.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.testing.lab.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/Dockerfile against .dockerignore and the reactor, without an engine: a file the Dockerfile
 * copies but .dockerignore leaves out fails only late in an image build ("COPY failed: file not
 * found in build context"), and a module missing from the source build fails only on a machine that
 * builds from source.
 */
class DockerBuildContextTest {

  private static final Path ROOT = Lab.repositoryRoot();
  private static final Pattern COPY_FROM_CONTEXT =
      Pattern.compile("^COPY\\s+(?!--from=)(.+)\\s+\\S+$", Pattern.MULTILINE);
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

  @Test
  void everythingTheDockerfileCopiesFromTheContextIsLeftInByDockerignore() throws IOException {
    List<String> rules = Files.readAllLines(ROOT.resolve(".dockerignore"));
    List<String> copied = copiedFromContext();

    assertThat(copied).contains("deploy/agent-jvm.options", "agent/target/docker-canvas-agent.jar");
    assertThat(copied)
        .as(".dockerignore leaves these out of the build context")
        .allMatch(path -> inContext(rules, path));
  }

  @Test
  void theSourceBuildCopiesEveryModulesPomAndSources() throws IOException {
    List<String> copied = copiedFromContext();
    Matcher modules = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
    List<String> missing = new ArrayList<>();
    while (modules.find()) {
      String module = modules.group(1);
      if (!copied.contains(module + "/pom.xml")) {
        missing.add(module + "/pom.xml");
      }
      // the page is copied whole; deploy has no sources in an image
      boolean sources = copied.contains(module + "/src") || copied.contains(module + "/");
      if (!sources && !module.equals("deploy")) {
        missing.add(module + "/src");
      }
    }
    assertThat(missing).as("modules the Dockerfile's source build does not copy").isEmpty();
  }

  @Test
  void theMatcherFollowsDockerignoresLastMatchingRule() {
    List<String> rules = List.of("*", "!agent/src", "agent/src/test");

    assertThat(inContext(rules, "agent/src/main/A.java")).isTrue();
    assertThat(inContext(rules, "agent/src/test/T.java")).isFalse();
    assertThat(inContext(rules, "deploy/agent-jvm.options")).isFalse();
    assertThat(inContext(rules, "agent/")).isTrue();
  }

  private static List<String> copiedFromContext() throws IOException {
    Matcher copy = COPY_FROM_CONTEXT.matcher(Files.readString(ROOT.resolve("deploy/Dockerfile")));
    List<String> paths = new ArrayList<>();
    while (copy.find()) {
      for (String source : copy.group(1).trim().split("\\s+")) {
        paths.add(source);
      }
    }
    return paths;
  }

  /**
   * Whether PATH is in the build context: the last rule matching it or a directory above it wins, a
   * leading '!' lets it in. '*' alone matches every top-level name (all this file needs).
   */
  static boolean inContext(List<String> rules, String path) {
    String normalized = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    boolean included = true;
    for (String line : rules) {
      String rule = line.trim();
      if (rule.isEmpty() || rule.startsWith("#")) {
        continue;
      }
      boolean exception = rule.startsWith("!");
      String pattern = exception ? rule.substring(1) : rule;
      boolean matches =
          pattern.equals("*") || normalized.equals(pattern) || normalized.startsWith(pattern + "/");
      if (matches) {
        included = exception;
      }
    }
    if (included) {
      return true;
    }
    // a directory copy (.mvn, web/) brings what the exceptions under it let in
    return rules.stream().anyMatch(rule -> rule.trim().startsWith("!" + normalized + "/"));
  }
}
