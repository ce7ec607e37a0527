package io.dockercanvas.pipeline.replay;

import io.dockercanvas.pipeline.observation.PointNames;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One recorded capture to replay: which node took it, at which observation point, and the file.
 *
 * @param point canonical point name ({@code wordpress_net/vxlan0}, {@code eth0}, ...)
 * @param namespacePath the netns the capture was taken in, when known (a manifest says; a command
 *     line not)
 */
public record CaptureSpec(String node, String point, Path file, String namespacePath) {

  public CaptureSpec {
    Objects.requireNonNull(file, "file");
    node = checkNode(node);
    point = PointNames.canonical(point);
    namespacePath = namespacePath == null ? "" : namespacePath;
  }

  /**
   * Parses {@code NODE:POINT=FILE}, as {@code --capture} takes it; {@code __} may stand for {@code
   * /}.
   */
  public static CaptureSpec parse(String text) {
    int equals = text.indexOf('=');
    int colon = equals < 0 ? -1 : text.lastIndexOf(':', equals);
    if (equals < 0 || colon < 0 || equals == text.length() - 1) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not NODE:POINT=FILE (for example "
              + "node2:wordpress_net/vxlan0=node2__wordpress_net__vxlan0.pcap)");
    }
    try {
      return new CaptureSpec(
          text.substring(0, colon),
          text.substring(colon + 1, equals),
          Path.of(text.substring(equals + 1)),
          "");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
    }
  }

  private static String checkNode(String node) {
    if (node == null || node.isBlank() || node.indexOf('/') >= 0 || node.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "node name '" + node + "' must be a non-empty name without '/' or ':'");
    }
    return node.trim();
  }

  @Override
  public String toString() {
    return node + ":" + point + "=" + file;
  }
}
