package io.dockercanvas.testing.lab;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs on the swarm lab ({@link LabExtension}): skipped with the reason where the
 * lab cannot run (not root, a tool or a file missing), a stale lab cleared first, a fresh lab
 * brought up for the class, {@link Lab} (and with {@link #canvas()} {@link LabCanvas}) injected
 * into test and lifecycle methods, and everything stopped and taken down when the class ends.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(LabExtension.class)
public @interface LabTest {

  /**
   * Bring the lab up before the class; false for tests of {@code lab up} and {@code lab down}
   * themselves.
   */
  boolean up() default true;

  /**
   * Also run the built collector in node1 and an agent in every node ({@link LabCanvas}); needs
   * both jars.
   */
  boolean canvas() default false;

  /**
   * Programs this class needs besides the lab's own (which {@link LabExtension#LAB_TOOLS} lists).
   */
  String[] tools() default {};

  /** Files under the repository root this class needs, e.g. a built jar. */
  String[] files() default {};
}
