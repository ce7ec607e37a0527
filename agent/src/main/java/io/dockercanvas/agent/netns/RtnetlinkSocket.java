package io.dockercanvas.agent.netns;

import static io.dockercanvas.agent.netns.Libc.LIBC;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A NETLINK_ROUTE socket for dump requests. A netlink socket belongs to the network namespace of
 * the thread that created it, so it must be opened on the namespace's own thread.
 */
final class RtnetlinkSocket implements AutoCloseable {

  static final int RTM_GETLINK = 18;
  static final int RTM_GETADDR = 22;
  static final int RTM_GETNEIGH = 30;
  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;
  static final int HEADER_LENGTH = 16;
  static final int AF_UNSPEC = 0;
  static final int AF_BRIDGE = 7;

  private static final int NLM_F_REQUEST = 0x1;
  private static final int NLM_F_DUMP_INTR = 0x10;
  private static final int NLM_F_DUMP = 0x300;
  private static final int RECEIVE_TIMEOUT_SECONDS = 2;
  private static final int DUMP_ATTEMPTS = 3;

  private final int fd;
  private final byte[] receiveBuffer = new byte[64 * 1024];
  private int sequence;

  private RtnetlinkSocket(int fd) {
    this.fd = fd;
  }

  /** Opens a socket in the calling thread's network namespace. */
  static RtnetlinkSocket open() throws IOException {
    int fd =
        LIBC.socket(
            LinuxCalls.AF_NETLINK,
            LinuxCalls.SOCK_RAW | LinuxCalls.SOCK_CLOEXEC,
            LinuxCalls.NETLINK_ROUTE);
    if (fd < 0) {
      throw new IOException(Libc.describe("netlink socket", Libc.lastErrno()));
    }
    RtnetlinkSocket socket = new RtnetlinkSocket(fd);
    try {
      socket.configure();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  private void configure() throws IOException {
    ByteBuffer address = nativeBuffer(12).putShort((short) LinuxCalls.AF_NETLINK);
    if (LIBC.bind(fd, address.array(), 12) != 0) {
      throw new IOException(Libc.describe("netlink bind", Libc.lastErrno()));
    }
    // A bounded wait: a dump that never ends must not hang the namespace's thread.
    ByteBuffer timeout = nativeBuffer(16).putLong(RECEIVE_TIMEOUT_SECONDS).putLong(0);
    if (LIBC.setsockopt(fd, LinuxCalls.SOL_SOCKET, LinuxCalls.SO_RCVTIMEO, timeout.array(), 16)
        != 0) {
      throw new IOException(Libc.describe("netlink SO_RCVTIMEO", Libc.lastErrno()));
    }
  }

  /**
   * Sends a dump request ({@code type} with the family-specific {@code body}) and returns the
   * kernel's reply messages back to back, without the final NLMSG_DONE. Retries a dump the kernel
   * marks as interrupted (the table changed while it was being read).
   */
  byte[] dump(int type, byte[] body) throws IOException {
    for (int attempt = 1; ; attempt++) {
      DumpResult result = dumpOnce(type, body);
      if (!result.interrupted || attempt == DUMP_ATTEMPTS) {
        return result.messages;
      }
    }
  }

  private record DumpResult(byte[] messages, boolean interrupted) {}

  private DumpResult dumpOnce(int type, byte[] body) throws IOException {
    int requestSequence = ++sequence;
    ByteBuffer request =
        nativeBuffer(HEADER_LENGTH + body.length)
            .putInt(HEADER_LENGTH + body.length)
            .putShort((short) type)
            .putShort((short) (NLM_F_REQUEST | NLM_F_DUMP))
            .putInt(requestSequence)
            .putInt(0)
            .put(body);
    if (LIBC.send(fd, request.array(), request.capacity(), 0) < 0) {
      throw new IOException(Libc.describe("netlink send", Libc.lastErrno()));
    }
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    boolean interrupted = false;
    while (true) {
      int received = receive();
      ByteBuffer chunk = ByteBuffer.wrap(receiveBuffer, 0, received).order(ByteOrder.nativeOrder());
      int offset = 0;
      while (offset + HEADER_LENGTH <= received) {
        int length = chunk.getInt(offset);
        int messageType = chunk.getShort(offset + 4) & 0xffff;
        int flags = chunk.getShort(offset + 6) & 0xffff;
        int messageSequence = chunk.getInt(offset + 8);
        if (length < HEADER_LENGTH || offset + length > received) {
          throw new IOException("netlink: malformed message of length " + length);
        }
        if (messageSequence == requestSequence) {
          if (messageType == NLMSG_DONE) {
            return new DumpResult(messages.toByteArray(), interrupted);
          }
          if (messageType == NLMSG_ERROR) {
            int errno = -chunk.getInt(offset + HEADER_LENGTH);
            throw new IOException(Libc.describe("netlink dump of type " + type, errno));
          }
          interrupted |= (flags & NLM_F_DUMP_INTR) != 0;
          messages.write(receiveBuffer, offset, length);
        }
        offset += align(length);
      }
    }
  }

  private int receive() throws IOException {
    while (true) {
      long received = LIBC.recv(fd, receiveBuffer, receiveBuffer.length, 0);
      if (received > 0) {
        return (int) received;
      }
      int errno = Libc.lastErrno();
      if (received < 0 && errno == LinuxCalls.EINTR) {
        continue;
      }
      if (received < 0 && errno == LinuxCalls.EAGAIN) {
        throw new IOException("netlink: no reply within " + RECEIVE_TIMEOUT_SECONDS + " s");
      }
      throw new IOException(
          received == 0 ? "netlink: socket closed" : Libc.describe("netlink recv", errno));
    }
  }

  static int align(int length) {
    return (length + 3) & ~3;
  }

  static ByteBuffer nativeBuffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
  }

  @Override
  public void close() {
    LIBC.close(fd);
  }
}
