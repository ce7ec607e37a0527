package io.dockercanvas.pipeline.observation;

/**
 * Addresses as the contract writes them: dotted IPv4, RFC 5952 IPv6 (lower case, the longest run of
 * two or more zero groups as "::"), lower-case colon-separated MACs. Used only for sampled
 * observations, so a String per address is acceptable here; the per-packet path never formats text.
 */
public final class AddressText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private AddressText() {}

  public static String ip(byte[] b, int at, int version) {
    return version == 4 ? ipv4(b, at) : ipv6(b, at);
  }

  public static String ipv4(byte[] b, int at) {
    return (b[at] & 0xFF)
        + "."
        + (b[at + 1] & 0xFF)
        + "."
        + (b[at + 2] & 0xFF)
        + "."
        + (b[at + 3] & 0xFF);
  }

  public static String ipv6(byte[] b, int at) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (b[at + 2 * i] & 0xFF) << 8 | (b[at + 2 * i + 1] & 0xFF);
    }
    if (groups[0] == 0
        && groups[1] == 0
        && groups[2] == 0
        && groups[3] == 0
        && groups[4] == 0
        && groups[5] == 0xFFFF) {
      return "::ffff:" + ipv4(b, at + 12);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  public static String mac(byte[] b, int at) {
    char[] text = new char[17];
    for (int i = 0; i < 6; i++) {
      int v = b[at + i] & 0xFF;
      text[3 * i] = HEX[v >>> 4];
      text[3 * i + 1] = HEX[v & 0xF];
      if (i < 5) {
        text[3 * i + 2] = ':';
      }
    }
    return new String(text);
  }
}
