# shellcheck shell=bash
# The swarm (node1 manager, the rest workers) and the demo stack modelled on the seed:
# overlay wordpress_net, web (HTTP, node2, published 8001), db (TCP 3306, node3), client (node1).

swarm_form() {
  local nodes=$1 i token
  must dk 1 swarm init --advertise-addr "$(node_ip 1)" --listen-addr "$(node_ip 1):2377" \
    --task-history-limit 1 >/dev/null
  token=$(dk 1 swarm join-token -q worker) || die "cannot read the swarm join token"
  local pids=()
  for ((i = 2; i <= nodes; i++)); do
    dk "$i" swarm join --token "$token" --advertise-addr "$(node_ip "$i")" \
      --listen-addr "$(node_ip "$i"):2377" "$(node_ip 1):2377" >/dev/null &
    pids+=($!)
  done
  local pid
  for pid in "${pids[@]}"; do
    wait "$pid" || die "a node could not join the swarm"
  done
  wait_for 60 "$nodes nodes Ready" swarm_all_ready "$nodes"
}

swarm_all_ready() {
  local ready
  ready=$(dk 1 node ls --format '{{.Status}}' | grep -c '^Ready$')
  ((ready == $1))
}

# How port 8001 is published: through the ingress routing mesh where the kernel has IPVS,
# otherwise straight on the node running the task (host mode; no VIPs either, so DNS round robin).
publish_args() {
  if [[ $(state_get publish) == ingress ]]; then
    echo "--publish published=$PUBLISHED_PORT,target=80"
  else
    echo "--publish mode=host,published=$PUBLISHED_PORT,target=80"
  fi
}

endpoint_args() {
  [[ $(state_get publish) == ingress ]] || echo "--endpoint-mode dnsrr"
}

stack_deploy() {
  must dk 1 network create --driver overlay --attachable "$OVERLAY_NETWORK" >/dev/null
  local common=(--detach --no-resolve-image --network "$OVERLAY_NETWORK" --stop-grace-period 1s)
  # httpd runs in the background under a sleeping PID 1, so `lab fault node2 no-listener` can stop
  # it while the task, its container and its namespace stay.
  # shellcheck disable=SC2046 # the publish options are words on purpose
  must dk 1 service create "${common[@]}" --name web --constraint node.hostname==node2 \
    $(endpoint_args) $(publish_args) "$IMAGE" sh -c 'httpd -p 80 -h /www && exec sleep 2147483647' >/dev/null
  # shellcheck disable=SC2046
  must dk 1 service create "${common[@]}" --name db --constraint node.hostname==node3 \
    $(endpoint_args) "$IMAGE" nc -ll -p 3306 -e echo db-ok >/dev/null
  wait_for 60 "service web running on node2" service_running_on web node2
  wait_for 60 "service db running on node3" service_running_on db node3
  must dk 1 run --detach --name client --hostname client --network "$OVERLAY_NETWORK" --stop-timeout 1 \
    "$IMAGE" sleep 2147483647 >/dev/null
}

service_running_on() {
  local tasks
  # Read whole, then matched: '| grep -q' under pipefail can say no when grep stops reading early.
  tasks=$(dk 1 service ps "$1" --filter desired-state=running --format '{{.Node}} {{.CurrentState}}') || return 1
  [[ $'\n'$tasks == *$'\n'"$2 Running"* ]]
}

# The address of a service's running task, or of a standalone container, on wordpress_net.
task_ip() {
  local ids
  ids=$(dk 1 service ps -q --filter desired-state=running "$1")
  dk 1 inspect --format \
    "{{range .NetworksAttachments}}{{if eq .Network.Spec.Name \"$OVERLAY_NETWORK\"}}{{index .Addresses 0}}{{end}}{{end}}" \
    "$ids" | head -n 1 | cut -d/ -f1
}

container_ip() {
  dk "$1" inspect --format "{{(index .NetworkSettings.Networks \"$OVERLAY_NETWORK\").IPAddress}}" "$2"
}

# The ID of service NAME's task container on node N.
task_container() {
  dk "$2" ps -q --filter "label=com.docker.swarm.service.name=$1" | head -n 1
}
