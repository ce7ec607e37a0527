package io.dockercanvas.collector.store;

import java.util.List;
import java.util.Set;

/**
 * What the names in a filter stand for: journeys carry network and service names, while a client
 * may give ids; direction-aware service criteria match addresses. Live, the cluster topology
 * answers (see {@code ClusterTopology#filterNames()}); offline, names are taken as given.
 */
public interface FilterNames {

  /** The network names a name or id stands for (the value itself included). */
  Set<String> networks(String nameOrId);

  /** The service names a name or id stands for (the value itself included). */
  Set<String> services(String nameOrId);

  /** Addresses (or CIDR-form attachments) of the service's tasks. */
  List<String> taskAddresses(String serviceNameOrId);

  /** The service's virtual IPs. */
  List<String> virtualIps(String serviceNameOrId);

  FilterNames AS_GIVEN =
      new FilterNames() {
        @Override
        public Set<String> networks(String nameOrId) {
          return Set.of(nameOrId);
        }

        @Override
        public Set<String> services(String nameOrId) {
          return Set.of(nameOrId);
        }

        @Override
        public List<String> taskAddresses(String serviceNameOrId) {
          return List.of();
        }

        @Override
        public List<String> virtualIps(String serviceNameOrId) {
          return List.of();
        }
      };
}
