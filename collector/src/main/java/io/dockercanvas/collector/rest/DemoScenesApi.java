package io.dockercanvas.collector.rest;

import java.util.List;

/**
 * What the page may ask of a running {@code demo}: which recorded scenes it can replay, which one
 * plays, and to play another. Only the demo has one; a collector answers 404 on these paths.
 */
public interface DemoScenesApi {

  /**
   * One recording the demo can replay: its name (for {@link #select}), a title and what it shows.
   */
  record Scene(String name, String title, String description) {}

  List<Scene> scenes();

  /** The name of the scene playing now, or the one asked for last while the switch is pending. */
  String current();

  /**
   * Plays the scene NAME from the next pass of the loop on (within one pass of the recording).
   *
   * @return false when no scene has that name
   */
  boolean select(String name);
}
