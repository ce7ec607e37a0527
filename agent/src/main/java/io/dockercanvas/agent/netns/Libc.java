package io.dockercanvas.agent.netns;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;

/** The loaded libc binding and errno helpers. */
final class Libc {

  static final LinuxCalls LIBC =
      LibraryLoader.create(LinuxCalls.class).option(LibraryOption.SaveError, true).load("c");

  private Libc() {}

  /** errno of the last libc call made on the calling thread. */
  static int lastErrno() {
    return jnr.ffi.Runtime.getRuntime(LIBC).getLastError();
  }

  /** "what: message (errno N)" for an errno. */
  static String describe(String what, int errno) {
    return what + ": " + LIBC.strerror(errno) + " (errno " + errno + ")";
  }
}
