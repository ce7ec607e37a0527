package io.dockercanvas.testing.lab;

import io.dockercanvas.testing.HostCommand;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The swarm lab's lifecycle for a test class annotated {@link LabTest}, once per class:
 *
 * <ol>
 *   <li>prerequisites: root, the lab's tools, ./canvas and the files the class names; where one is
 *       missing, every test of the class is skipped with the reason (CI provides all of them, and
 *       .ci/run fails when an integration test was skipped);
 *   <li>{@code lab down}, for a lab left by a crashed run or by hand ({@code lab up} refuses to
 *       build over it);
 *   <li>{@code lab up} (unless {@code up = false}), then with {@code canvas = true} the collector
 *       and agents;
 *   <li>{@link Lab} and {@link LabCanvas} resolved as parameters of test and lifecycle methods;
 *   <li>after the last test: the collector and agents, then every process the tests started,
 *       stopped by PID; {@code lab down}; nothing of the lab may remain on the machine.
 * </ol>
 *
 * <p>One lab per class, not one shared by all classes in the JVM: the fault tests change the lab
 * for good (a dockerd restarted, node3 out of the swarm, a stack deployed) and LabIT takes it up
 * and down itself, so a shared lab would make each class's result depend on which ran before it. A
 * lab comes up in about 30 s.
 */
public final class LabExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  /** What {@code lab up}, {@code lab capture} and the lab's checks run on this machine. */
  static final List<String> LAB_TOOLS =
      List.of(
          "dockerd",
          "docker",
          "containerd",
          "runc",
          "ip",
          "iptables",
          "nsenter",
          "unshare",
          "jq",
          "tcpdump");

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LabExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Class<?> testClass = context.getRequiredTestClass();
    LabTest config =
        AnnotationSupport.findAnnotation(testClass, LabTest.class)
            .orElseThrow(
                () ->
                    new ExtensionConfigurationException(
                        testClass.getName() + ": use @LabTest, not LabExtension alone"));
    if (config.canvas() && !config.up()) {
      throw new ExtensionConfigurationException(
          testClass.getName() + ": @LabTest(canvas = true) needs up = true");
    }
    String testName = testClass.getSimpleName();
    Path root = Lab.repositoryRoot();
    Path busybox = Path.of(System.getenv().getOrDefault("CANVAS_LAB_BUSYBOX", "/bin/busybox"));
    List<String> missing =
        missing(config, root, busybox, HostCommand.isRoot(), HostCommand::onPath);
    Assumptions.assumeTrue(
        missing.isEmpty(),
        () ->
            testName
                + " needs "
                + String.join(", ", missing)
                + " (CI runs it as root with everything installed: .ci/run)");

    Lab lab = new Lab(root, Lab.labDirectory(), testName);
    context.getStore(NAMESPACE).put(Lab.class, lab); // from here on, afterAll takes the lab down
    lab.run(Lab.DOWN_LIMIT, "down").require();
    if (config.up()) {
      lab.run(Lab.UP_LIMIT, "up").require();
      if (config.canvas()) {
        context.getStore(NAMESPACE).put(LabCanvas.class, LabCanvas.start(lab));
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    LabCanvas canvas = store.remove(LabCanvas.class, LabCanvas.class);
    Lab lab = store.remove(Lab.class, Lab.class);
    try {
      if (canvas != null) {
        canvas.close();
      }
    } finally {
      if (lab != null) {
        lab.close();
      }
    }
  }

  /** What this machine lacks for the class, each as a short reason; empty when the lab can run. */
  static List<String> missing(
      LabTest config, Path root, Path busybox, boolean isRoot, Predicate<String> onPath) {
    List<String> missing = new ArrayList<>();
    if (!isRoot) {
      missing.add("root (the lab's namespaces, bridge and dockerds)");
    }
    List<String> tools = new ArrayList<>(LAB_TOOLS);
    if (config.canvas()) {
      tools.add("curl");
    }
    tools.addAll(List.of(config.tools()));
    tools.stream()
        .distinct()
        .filter(tool -> !onPath.test(tool))
        .forEach(tool -> missing.add(tool + " on the PATH"));
    if (!Files.isExecutable(busybox)) {
      missing.add("a static busybox at " + busybox + " (busybox-static)");
    }
    List<String> files = new ArrayList<>(List.of("canvas", "deploy/lab/lab.sh"));
    if (config.canvas()) {
      files.addAll(List.of(LabCanvas.AGENT_JAR, LabCanvas.COLLECTOR_JAR));
    }
    files.addAll(List.of(config.files()));
    files.stream()
        .distinct()
        .filter(file -> !Files.exists(root.resolve(file)))
        .forEach(
            file ->
                missing.add(
                    root.resolve(file)
                        + (file.endsWith(".jar") ? " (build its module first)" : "")));
    return missing;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Lab.class || type == LabCanvas.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (parameter.getDeclaringExecutable() instanceof Constructor) {
      throw new ParameterResolutionException(
          type.getSimpleName()
              + " is made before the first test, after the"
              + " test instance: take it as a parameter of a test or lifecycle method, not of the constructor");
    }
    Object value = context.getStore(NAMESPACE).get(type, type);
    if (value == null) {
      throw new ParameterResolutionException(
          type == LabCanvas.class
              ? "no collector and agents run on this lab: annotate the class @LabTest(canvas = true)"
              : "no lab for " + context.getRequiredTestClass().getSimpleName());
    }
    return value;
  }
}
