package io.dockercanvas.collector.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An address or CIDR block ("10.0.0.2", "10.0.0.0/24", "fd00::/64"). Parses literals only: a name
 * never reaches a resolver (lookups here would be traffic to the outside).
 */
public record IpRange(byte[] network, int prefixLength, String text) {

  /** Parses an address or CIDR; rejects anything else with a message quoting it. */
  public static IpRange parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    byte[] bytes =
        literal(address)
            .orElseThrow(
                () -> new IllegalArgumentException("'" + text + "' is not an IP address or CIDR"));
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
      }
    }
    return new IpRange(bytes, prefix, trimmed);
  }

  /** True when {@code address} (a literal) lies in this range; false for anything unparsable. */
  public boolean contains(String address) {
    if (address == null || address.isEmpty()) {
      return false;
    }
    Optional<byte[]> parsed = literal(address);
    if (parsed.isEmpty() || parsed.get().length != network.length) {
      return false;
    }
    byte[] bytes = parsed.get();
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (bytes[full] & mask) == (network[full] & mask);
  }

  /** True for an IPv4 or IPv6 address literal (never looked up). */
  public static boolean isLiteral(String address) {
    return address != null && !address.isEmpty() && literal(address).isPresent();
  }

  static Optional<byte[]> literal(String address) {
    if (address.indexOf(':') >= 0) {
      return ipv6(address);
    }
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (parts[i].isEmpty()
          || parts[i].length() > 3
          || !parts[i].chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      int value = Integer.parseInt(parts[i]);
      if (value > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) value;
    }
    return Optional.of(bytes);
  }

  private static Optional<byte[]> ipv6(String address) {
    // Only hex digits, ':' and '.' and a hex or ':' first: InetAddress then parses the literal
    // itself and
    // never looks the text up as a host name.
    char first = address.charAt(0);
    boolean literalOnly =
        (Character.digit(first, 16) >= 0 || first == ':')
            && address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    if (!literalOnly) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(address).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpRange other
        && other.prefixLength == prefixLength
        && Arrays.equals(other.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    return text;
  }
}
