package io.dockercanvas.agent.netns;

/**
 * Told about namespaces as the watcher finds, re-reads and releases them; called on the watcher's
 * thread.
 */
public interface NamespaceListener {

  default void added(ObservedNamespace namespace) {}

  /** The inventory differs from the one last reported. */
  default void changed(ObservedNamespace namespace) {}

  /** The file is gone (or now holds another namespace); its thread has ended. */
  default void removed(ObservedNamespace namespace) {}

  /** A scan of the directory has ended, after the calls above that it caused. */
  default void scanned(ScanReport report) {}
}
