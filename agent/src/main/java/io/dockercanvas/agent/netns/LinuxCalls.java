package io.dockercanvas.agent.netns;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few libc functions the namespace code needs, bound through jnr-ffi ({@link Libc#LIBC}).
 * Everything privileged in the agent's netns package goes through here; agent/RATIONALE.md says why
 * each is needed.
 */
public interface LinuxCalls { // public only because jnr-ffi generates its implementation elsewhere

  int O_RDONLY = 0;
  int O_CLOEXEC = 0x80000;
  int CLONE_NEWNET = 0x40000000;
  int AF_NETLINK = 16;
  int SOCK_RAW = 3;
  int SOCK_CLOEXEC = 0x80000;
  int NETLINK_ROUTE = 0;
  int SOL_SOCKET = 1;
  int SO_RCVTIMEO = 20;

  int ENOENT = 2;
  int EINTR = 4;
  int EAGAIN = 11;
  int EINVAL = 22;

  int open(@In String path, int flags);

  int close(int fd);

  /** Moves the calling thread (only) into the namespace behind {@code fd}. */
  int setns(int fd, int nstype);

  int socket(int domain, int type, int protocol);

  int bind(int fd, @In byte[] address, int addressLength);

  int setsockopt(int fd, int level, int option, @In byte[] value, int valueLength);

  @ssize_t
  long send(int fd, @In byte[] buffer, @size_t long length, int flags);

  @ssize_t
  long recv(int fd, @Out byte[] buffer, @size_t long length, int flags);

  String strerror(int errno);
}
