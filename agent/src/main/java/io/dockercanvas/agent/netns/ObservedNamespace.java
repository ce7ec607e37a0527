package io.dockercanvas.agent.netns;

import java.nio.file.Path;

/**
 * A namespace the watcher is in, with its latest inventory.
 *
 * @param name the file name in the netns directory (e.g. {@code 1-ynqxlz0tbb}, {@code
 *     ingress_sbox})
 * @param inode the nsfs inode: a new inode under the same name is a new namespace
 */
public record ObservedNamespace(
    String name, Path file, long inode, NamespaceRole role, NamespaceInventory inventory) {}
