package io.dockercanvas.agent.netns;

import static io.dockercanvas.agent.netns.Libc.LIBC;

import io.dockercanvas.agent.netns.NamespaceUnavailableException.Reason;
import java.nio.file.Path;

/** Moves the calling thread into a network namespace given by its bind-mounted nsfs file. */
final class NetnsEntry {

  private NetnsEntry() {}

  /**
   * Calls {@code setns(fd, CLONE_NEWNET)} for the calling thread only; the process and every other
   * thread stay where they are. The file descriptor is closed again at once: the thread itself now
   * keeps the namespace alive until it ends.
   */
  static void enterOnThisThread(Path namespaceFile) throws NamespaceUnavailableException {
    int fd = LIBC.open(namespaceFile.toString(), LinuxCalls.O_RDONLY | LinuxCalls.O_CLOEXEC);
    if (fd < 0) {
      int errno = Libc.lastErrno();
      Reason reason = errno == LinuxCalls.ENOENT ? Reason.GONE : Reason.FAILED;
      throw new NamespaceUnavailableException(
          reason, Libc.describe("open " + namespaceFile, errno));
    }
    try {
      if (LIBC.setns(fd, LinuxCalls.CLONE_NEWNET) != 0) {
        int errno = Libc.lastErrno();
        // EINVAL: the file is not a network namespace (yet) -- Docker touches it before the bind
        // mount.
        Reason reason = errno == LinuxCalls.EINVAL ? Reason.NOT_A_NAMESPACE : Reason.FAILED;
        throw new NamespaceUnavailableException(
            reason, Libc.describe("setns " + namespaceFile, errno));
      }
    } finally {
      LIBC.close(fd);
    }
  }
}
