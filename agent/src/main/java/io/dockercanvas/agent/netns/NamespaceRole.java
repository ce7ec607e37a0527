package io.dockercanvas.agent.netns;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a file in Docker's netns directory is, from its name alone (moby/libnetwork's naming):
 * {@code ingress_sbox}; {@code <epoch>-<network id, first 10>} for an overlay network's namespace
 * (br0 + vxlan0); {@code lb_<network id, first 9>} for a network's load-balancer sandbox; 12 hex
 * digits for a container's sandbox. Anything else is {@link Kind#OTHER}.
 *
 * @param idPrefix the network id prefix (overlay, load balancer), the sandbox id (container), else
 *     empty
 * @param epoch the overlay namespace's leading number (libnetwork counts re-creations), else 0
 */
public record NamespaceRole(Kind kind, String idPrefix, int epoch) {

  public enum Kind {
    INGRESS_SANDBOX,
    OVERLAY,
    LOAD_BALANCER,
    CONTAINER,
    OTHER
  }

  // Swarm network ids are 25 characters of [0-9a-z]; local ones 64 hex digits. Both fit.
  private static final Pattern OVERLAY = Pattern.compile("(\\d{1,9})-([0-9a-z]{10})");
  private static final Pattern LOAD_BALANCER = Pattern.compile("lb_([0-9a-z]{9})");
  private static final Pattern CONTAINER = Pattern.compile("[0-9a-f]{12}");

  public static NamespaceRole of(String fileName) {
    if (fileName.equals("ingress_sbox")) {
      return new NamespaceRole(Kind.INGRESS_SANDBOX, "", 0);
    }
    Matcher overlay = OVERLAY.matcher(fileName);
    if (overlay.matches()) {
      return new NamespaceRole(Kind.OVERLAY, overlay.group(2), Integer.parseInt(overlay.group(1)));
    }
    Matcher loadBalancer = LOAD_BALANCER.matcher(fileName);
    if (loadBalancer.matches()) {
      return new NamespaceRole(Kind.LOAD_BALANCER, loadBalancer.group(1), 0);
    }
    if (CONTAINER.matcher(fileName).matches()) {
      return new NamespaceRole(Kind.CONTAINER, fileName, 0);
    }
    return new NamespaceRole(Kind.OTHER, "", 0);
  }

  /** Whether this namespace belongs to the network with the given full id. */
  public boolean belongsToNetwork(String networkId) {
    return (kind == Kind.OVERLAY || kind == Kind.LOAD_BALANCER) && networkId.startsWith(idPrefix);
  }
}
