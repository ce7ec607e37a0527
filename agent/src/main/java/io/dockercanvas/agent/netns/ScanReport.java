package io.dockercanvas.agent.netns;

import java.util.Set;

/**
 * What one scan of the netns directory found and did; refreshes of known namespaces run on their
 * own threads and are not part of it.
 *
 * @param directory whether the directory could be listed
 * @param files the regular files listed: namespaces, or files Docker will bind-mount one on
 * @param entered files entered for the first time in this scan
 * @param refused files tried in this scan that could not be entered (tried again when the file's
 *     inode changes, or after a few seconds)
 * @param released namespaces let go because their file went away or now holds another namespace
 */
public record ScanReport(
    Directory directory,
    Set<String> files,
    Set<String> entered,
    Set<String> refused,
    Set<String> released) {

  public enum Directory {
    LISTED,
    /** Not there (yet): Docker creates it with its first namespace. Nothing is tracked then. */
    MISSING,
    /** Could not be listed: the scan kept everything as it was. */
    UNREADABLE
  }

  public ScanReport {
    files = Set.copyOf(files);
    entered = Set.copyOf(entered);
    refused = Set.copyOf(refused);
    released = Set.copyOf(released);
  }

  static ScanReport unreadable() {
    return new ScanReport(Directory.UNREADABLE, Set.of(), Set.of(), Set.of(), Set.of());
  }
}
