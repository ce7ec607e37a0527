# shellcheck shell=bash
# What the lab looks like right now, read from the daemons and from the kernel: nodes, services,
# tasks, and per node the network namespaces under its exec-root with their links and VNIs.

status_usage() {
  cat <<USAGE
Usage: ./canvas lab status [--json]

Shows the running lab: nodes (address, role, state), overlay networks with their VXLAN ID (VNI),
services, tasks (node and overlay IP), standalone containers, and per node every network namespace
dockerd keeps under its exec-root netns directory, with its kind:
  node          the node's own namespace (eth0 on the underlay, docker_gwbridge)
  ingress_sbox  the routing-mesh sandbox on the ingress network
  overlay       1-<network id>: one per overlay network, holding br0 and vxlan0 (the VTEP, with its VNI)
  load_balancer lb_<network id>: the VIP load balancer of a network
  container     a container's sandbox (its eth* interfaces)
The VNI is read from the kernel (ip -d -j link inside the namespace), not from Docker.

Options:
  --json   print one JSON document instead of tables
USAGE
}

node_netns_dir() { echo "$(node_dir "$1")/exec/netns"; }

# {"<network id>": "<name>"} for every network node I knows.
node_network_names_json() {
  dk "$1" network ls --no-trunc --format '{{.ID}} {{.Name}}' |
    jq -R -s 'split("\n") | map(select(length > 0) | split(" ") | {(.[0]): .[1]}) | add // {}'
}

# {"<sandbox file name>": {name, container, id}} for every container on node I.
node_sandboxes_json() {
  local ids
  ids=$(dk "$1" ps -q --no-trunc)
  if [[ -z $ids ]]; then
    echo '{}'
    return
  fi
  # shellcheck disable=SC2086 # one argument per container ID
  dk "$1" inspect $ids | jq '
    map({key: (.NetworkSettings.SandboxKey | split("/") | last),
         value: {name: (.Config.Labels["com.docker.swarm.service.name"] // (.Name | ltrimstr("/"))),
                 container: (.Name | ltrimstr("/")), id: .Id[0:12]}}) | from_entries'
}

# The raw kernel view of one namespace: {"name", "path", "links"}, links as `ip -d -j addr` prints
# them (link details such as the VXLAN ID, plus addresses), read inside the namespace.
namespace_raw_json() {
  local file=$1 name=$2 links
  links=$(in_netns "$file" ip -d -j addr show 2>/dev/null) || links='[]'
  printf '{"name": "%s", "path": "%s", "links": %s}\n' "$name" "$file" "${links:-[]}"
}

# Every namespace of node I (its own node namespace first, then each file under its netns dir)
# with its kind, what it belongs to, and its interfaces.
node_namespaces_json() {
  local i=$1 nets sandboxes file
  nets=$(node_network_names_json "$i")
  sandboxes=$(node_sandboxes_json "$i")
  {
    namespace_raw_json "$(netns_file "$(node_netns "$i")")" node
    for file in "$(node_netns_dir "$i")"/*; do
      [[ -e $file ]] || continue
      namespace_raw_json "$file" "${file##*/}"
    done
  } | jq -s --argjson nets "$nets" --argjson sandboxes "$sandboxes" '
    def network_named($prefix): [$nets | to_entries[] | select(.key | startswith($prefix)) | .value][0];
    map(.name as $name
      | (.links | map(select(.ifname != "lo")) | map({
          name: .ifname,
          kind: (.linkinfo.info_kind // "device"),
          mac: .address,
          mtu: .mtu,
          master: .master,
          state: .operstate,
          vni: (if .linkinfo.info_kind == "vxlan" then .linkinfo.info_data.id else null end),
          addresses: [(.addr_info // [])[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"]
        })) as $interfaces
      | {name: $name, path: .path}
      + (if $name == "node" then {kind: "node"}
         elif $name == "ingress_sbox" then {kind: "ingress_sbox", network: "ingress"}
         elif ($name | test("^[0-9]+-[0-9a-z]+$")) then
           {kind: "overlay", network: network_named($name | sub("^[0-9]+-"; ""))}
         elif ($name | startswith("lb_")) then
           {kind: "load_balancer", network: network_named($name | ltrimstr("lb_"))}
         elif $sandboxes[$name] then {kind: "container", container: $sandboxes[$name].name}
         else {kind: "other"} end)
      + {vni: ([$interfaces[] | select(.kind == "vxlan") | .vni][0]), interfaces: $interfaces})'
}

cluster_nodes_json() {
  # shellcheck disable=SC2046 # one argument per node ID
  dk 1 node inspect $(dk 1 node ls -q) | jq 'map({
      name: .Description.Hostname, address: .Status.Addr, role: .Spec.Role,
      status: .Status.State, availability: .Spec.Availability,
      leader: (.ManagerStatus.Leader // false), engine: .Description.Engine.EngineVersion})'
}

overlay_networks_json() {
  local ids
  ids=$(dk 1 network ls -q --filter driver=overlay)
  [[ -n $ids ]] || {
    echo '[]'
    return
  }
  # shellcheck disable=SC2086
  dk 1 network inspect $ids | jq 'map({name: .Name, id: .Id, scope: .Scope, attachable: .Attachable,
      ingress: .Ingress, subnet: (.IPAM.Config[0].Subnet // null),
      vni: (.Options["com.docker.network.driver.overlay.vxlanid_list"] // "" | split(",") | map(tonumber) | .[0])})
    | sort_by(.name)'
}

services_json() {
  local ids
  ids=$(dk 1 service ls -q)
  [[ -n $ids ]] || {
    echo '[]'
    return
  }
  # shellcheck disable=SC2086
  dk 1 service inspect $ids | jq 'map({name: .Spec.Name,
      mode: (.Spec.Mode | keys[0] | ascii_downcase), replicas: (.Spec.Mode.Replicated.Replicas // null),
      endpoint_mode: .Spec.EndpointSpec.Mode, image: .Spec.TaskTemplate.ContainerSpec.Image,
      ports: [(.Spec.EndpointSpec.Ports // [])[] | {published: .PublishedPort, target: .TargetPort,
              protocol: .Protocol, mode: .PublishMode}]}) | sort_by(.name)'
}

# Running tasks of every service with their node and overlay addresses.
tasks_json() {
  local names ids node_names service
  # shellcheck disable=SC2046 # one argument per node ID
  node_names=$(dk 1 node inspect --format '{{.ID}} {{.Description.Hostname}}' $(dk 1 node ls -q) |
    jq -R -s 'split("\n") | map(select(length > 0) | split(" ") | {(.[0]): .[1]}) | add // {}')
  names=$(dk 1 service ls --format '{{.Name}}')
  for service in $names; do
    ids=$(dk 1 service ps -q --filter desired-state=running "$service")
    [[ -n $ids ]] || continue
    # shellcheck disable=SC2086
    dk 1 inspect $ids | jq --arg service "$service" --argjson nodes "$node_names" '.[] | {
        service: $service, id: .ID[0:12], slot: .Slot, node: ($nodes[.NodeID] // .NodeID),
        state: .Status.State, container: (.Status.ContainerStatus.ContainerID // "" | .[0:12]),
        addresses: [(.NetworksAttachments // [])[] | {network: .Network.Spec.Name, address: .Addresses[0]}]}'
  done | jq -s '.'
}

# Containers not started by swarm (the client), on every node.
standalone_containers_json() {
  local i ids nodes
  nodes=$(lab_nodes)
  for ((i = 1; i <= nodes; i++)); do
    ids=$(dk "$i" ps -q)
    [[ -n $ids ]] || continue
    # shellcheck disable=SC2086
    dk "$i" inspect $ids | jq --arg node "$(node_name "$i")" '.[]
      | select(.Config.Labels["com.docker.swarm.task.id"] == null)
      | {name: (.Name | ltrimstr("/")), node: $node, id: .Id[0:12],
         addresses: [.NetworkSettings.Networks | to_entries[] | {network: .key, address: "\(.value.IPAddress)/\(.value.IPPrefixLen)"}]}'
  done | jq -s '.'
}

# One node's entry of the status document.
node_json() {
  local i=$1 cluster_nodes=$2
  jq -n --arg name "$(node_name "$i")" --arg address "$(node_ip "$i")" --arg netns "$(node_netns "$i")" \
    --arg dir "$(node_netns_dir "$i")" --argjson cluster "$cluster_nodes" --argjson namespaces "$(node_namespaces_json "$i")" \
    '([$cluster[] | select(.name == $name)][0] // {name: $name, status: "unknown"})
     + {address: $address, netns: $netns, netns_dir: $dir, namespaces: $namespaces}'
}

# The whole status document. The slow parts (many docker and ip calls) run in parallel.
lab_status_json() {
  local nodes i parts
  nodes=$(lab_nodes)
  parts=$(mktemp -d)
  local cluster_nodes
  cluster_nodes=$(cluster_nodes_json) || {
    rm -rf "$parts"
    die "cannot reach the swarm manager on node1"
  }
  for ((i = 1; i <= nodes; i++)); do
    node_json "$i" "$cluster_nodes" >"$parts/node$i" &
  done
  overlay_networks_json >"$parts/networks" &
  services_json >"$parts/services" &
  tasks_json >"$parts/tasks" &
  standalone_containers_json >"$parts/containers" &
  wait
  jq -n --arg dir "$LAB_DIR" --arg underlay "$UNDERLAY_CIDR" --arg bridge "$BRIDGE" \
    --arg publish "$(state_get publish)" --arg outside_netns "$OUTSIDE_NETNS" --arg outside_ip "$OUTSIDE_IP" \
    --slurpfile nodes <(cat "$parts"/node[0-9]*) --slurpfile networks "$parts/networks" \
    --slurpfile services "$parts/services" --slurpfile tasks "$parts/tasks" \
    --slurpfile containers "$parts/containers" '
    {lab: {dir: $dir, underlay: $underlay, bridge: $bridge, publish_mode: $publish,
           routing_mesh: ($publish == "ingress"), outside: {netns: $outside_netns, address: $outside_ip}},
     nodes: $nodes, networks: $networks[0], services: $services[0], tasks: $tasks[0],
     containers: $containers[0]}'
  local status=$?
  rm -rf "$parts"
  return $status
}

# The status document as tables.
status_tables() {
  jq -r '
    def pad($n): tostring | . + (" " * ([$n - length, 0] | max));
    def row($widths): [range(0; length) as $i | .[$i] | pad($widths[$i])] | join("  ") | sub(" +$"; "");
    "lab: \(.lab.dir)  underlay \(.lab.underlay) on bridge \(.lab.bridge)  outside client \(.lab.outside.netns)=\(.lab.outside.address)",
    (if .lab.routing_mesh then "routing mesh: on (IPVS)" else "routing mesh: unavailable on this kernel (no IPVS): port 8001 is published in host mode on node2" end),
    "",
    "NODES",
    (["NAME", "ADDRESS", "ROLE", "STATUS", "AVAILABILITY", "LEADER", "ENGINE"] | row([8, 15, 8, 8, 12, 6, 10])),
    (.nodes[] | [.name, .address, .role, .status, .availability, (if .leader then "yes" else "" end), .engine] | row([8, 15, 8, 8, 12, 6, 10])),
    "",
    "OVERLAY NETWORKS",
    (["NAME", "ID", "SUBNET", "VNI", "ATTACHABLE"] | row([16, 12, 16, 6, 10])),
    (.networks[] | [.name, .id[0:12], .subnet, .vni, .attachable] | row([16, 12, 16, 6, 10])),
    "",
    "SERVICES",
    (["NAME", "MODE", "REPLICAS", "ENDPOINT", "PORTS", "IMAGE"] | row([8, 10, 8, 8, 22, 30])),
    (.services[] | [.name, .mode, .replicas, .endpoint_mode,
        ([.ports[] | "\(.published)->\(.target)/\(.protocol) (\(.mode))"] | join(" ")), .image]
      | row([8, 10, 8, 8, 22, 30])),
    "",
    "TASKS AND CONTAINERS",
    (["NAME", "NODE", "STATE", "ADDRESSES"] | row([10, 8, 10, 40])),
    (.tasks[] | ["\(.service).\(.slot)", .node, .state, ([.addresses[] | "\(.network)=\(.address)"] | join(" "))] | row([10, 8, 10, 40])),
    (.containers[] | [.name, .node, "running", ([.addresses[] | "\(.network)=\(.address)"] | join(" "))] | row([10, 8, 10, 40])),
    "",
    "NAMESPACES (per node, under its exec-root netns directory)",
    (["NODE", "NAMESPACE", "KIND", "OF", "VNI", "INTERFACES"] | row([6, 14, 13, 16, 5, 40])),
    (.nodes[] | .name as $node | .namespaces[]
      | [$node, .name, .kind, (.network // .container // ""), (.vni // ""),
         ([.interfaces[] | .name + (if .vni then "(vni \(.vni))" else "" end)
           + (if (.addresses | length) > 0 then "=" + (.addresses | join(",")) else "" end)] | join(" "))]
      | row([6, 14, 13, 16, 5, 40]))'
}

cmd_status() {
  local json=no
  while (($# > 0)); do
    case $1 in
      --json) json=yes ;;
      *) die "unknown option for status: $1 (see ./canvas lab status --help)" ;;
    esac
    shift
  done
  require_root
  require_lab
  local doc
  doc=$(lab_status_json) || exit 1
  if [[ $json == yes ]]; then
    jq . <<<"$doc"
  else
    status_tables <<<"$doc"
  fi
}
