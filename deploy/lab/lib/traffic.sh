# shellcheck shell=bash
# Demo traffic between the stack's containers and from the outside client, bounded in count and time.

DEFAULT_TRAFFIC_SECONDS=5
DEFAULT_TRAFFIC_RATE=2
BIG_PING_DATA=1422

traffic_usage() {
  cat <<USAGE
Usage: ./canvas lab traffic [--seconds S] [--rate R]

Sends S x R rounds of demo traffic (R rounds per second for S seconds), each round being:
  http     client (node1) -> web (node2) port 80        HTTP GET over $OVERLAY_NETWORK (VXLAN node1 -> node2)
  tcp      web (node2) -> db (node3) port 3306           TCP request/answer over $OVERLAY_NETWORK
  icmp     client (node1) -> web and db                  ping across nodes
  udp      client (node1) -> db port 33434               one UDP probe (traceroute); db answers ICMP port unreachable
  big      client (node1) -> web                         ping of a full-size 1450-byte packet (the overlay MTU)
  outside  $OUTSIDE_NETNS ($OUTSIDE_IP) -> node2:$PUBLISHED_PORT   HTTP to the published port from outside the swarm
With the routing mesh (a kernel with IPVS, e.g. the VM lab), two more:
  mesh     $OUTSIDE_NETNS -> node1:$PUBLISHED_PORT      node1 runs no web task: ingress_sbox's IPVS sends it over VXLAN to node2
  vip      client (node1) -> web by name, port 80  the service VIP, balanced by IPVS in node1's lb_ namespace
Containers are otherwise reached by their overlay IPs (no name lookups). Prints how many of each succeeded;
exits non-zero when a kind never succeeded.

Options:
  --seconds S   how long, 1-60 (default $DEFAULT_TRAFFIC_SECONDS)
  --rate R      rounds per second, 1-10 (default $DEFAULT_TRAFFIC_RATE)
USAGE
}

# Parse --seconds/--rate (after the default seconds) into TRAFFIC_SECONDS/TRAFFIC_RATE; other
# options are left in EXTRA_ARGS.
parse_traffic_options() {
  TRAFFIC_SECONDS=$1
  TRAFFIC_RATE=$DEFAULT_TRAFFIC_RATE
  EXTRA_ARGS=()
  shift
  while (($# > 0)); do
    case $1 in
      --seconds)
        (($# >= 2)) || die "--seconds needs a number"
        TRAFFIC_SECONDS=$2
        shift 2
        ;;
      --rate)
        (($# >= 2)) || die "--rate needs a number"
        TRAFFIC_RATE=$2
        shift 2
        ;;
      *)
        EXTRA_ARGS+=("$1")
        shift
        ;;
    esac
  done
  require_int --seconds "$TRAFFIC_SECONDS" 1 60
  require_int --rate "$TRAFFIC_RATE" 1 10
}

# A busybox sh loop running CHECK ROUNDS times, PAUSE_US apart; prints "<succeeded> <sent>".
# BB prefixes busybox applets (empty inside the image, the host's busybox outside).
traffic_loop() {
  local rounds=$1 pause_us=$2 check=$3 bb=${4:-}
  echo "ok=0; i=0; while [ \$i -lt $rounds ]; do i=\$((i + 1)); if $check; then ok=\$((ok + 1)); fi; ${bb}usleep $pause_us; done; echo \"\$ok \$i\""
}

# Returns non-zero when some kind of traffic never got through.
run_traffic() {
  local seconds=$1 rate=$2
  # docker exec itself can take long on a loaded machine (the VM lab under emulation): its margin scales
  local rounds=$((seconds * rate)) pause_us=$((1000000 / rate)) limit=$((seconds + 30 * WAIT_SCALE))
  local client_ip web_ip db_ip web_container node2_ip node1_ip mesh=no
  client_ip=$(container_ip 1 client)
  web_ip=$(task_ip web)
  db_ip=$(task_ip db)
  web_container=$(task_container web 2)
  node2_ip=$(node_ip 2)
  node1_ip=$(node_ip 1)
  [[ $(state_get publish) == ingress ]] && mesh=yes
  [[ -n $client_ip && -n $web_ip && -n $db_ip && -n $web_container ]] ||
    die "the demo stack is not complete (client=${client_ip:-?} web=${web_ip:-?} db=${db_ip:-?}); see ./canvas lab status"
  say "traffic: $rounds round(s) over ${seconds}s; client=$client_ip web=$web_ip db=$db_ip outside=$OUTSIDE_IP -> $node2_ip:$PUBLISHED_PORT"

  local results
  results=$(mktemp -d)
  local http_get="printf 'GET / HTTP/1.0\\r\\n\\r\\n'" pids=()
  dk_within "$limit" 1 exec client sh -c "$(traffic_loop "$rounds" "$pause_us" \
    "$http_get | nc -w 2 $web_ip 80 | grep -q '200 OK'")" >"$results/http" 2>/dev/null &
  pids+=($!)
  dk_within "$limit" 2 exec "$web_container" sh -c "$(traffic_loop "$rounds" "$pause_us" \
    "echo query | nc -w 2 $db_ip 3306 | grep -q db-ok")" >"$results/tcp" 2>/dev/null &
  pids+=($!)
  dk_within "$limit" 1 exec client sh -c "$(traffic_loop "$rounds" "$pause_us" \
    "ping -c 1 -W 1 $web_ip >/dev/null && ping -c 1 -W 1 $db_ip >/dev/null")" >"$results/icmp" 2>/dev/null &
  pids+=($!)
  dk_within "$limit" 1 exec client sh -c "$(traffic_loop "$rounds" "$pause_us" \
    "traceroute -n -q 1 -w 1 -m 1 $db_ip 2>/dev/null | grep -q ' $db_ip '")" >"$results/udp" 2>/dev/null &
  pids+=($!)
  # 1422 bytes of ICMP data: a 1450-byte IP packet, as large as the overlay's MTU lets it be
  dk_within "$limit" 1 exec client sh -c "$(traffic_loop "$rounds" "$pause_us" \
    "ping -c 1 -W 1 -s $BIG_PING_DATA $web_ip >/dev/null")" >"$results/big" 2>/dev/null &
  pids+=($!)
  timeout "$limit" nsenter --net="$(netns_file "$OUTSIDE_NETNS")" "$BUSYBOX" sh -c "$(traffic_loop "$rounds" "$pause_us" \
    "$http_get | $BUSYBOX nc -w 2 $node2_ip $PUBLISHED_PORT | $BUSYBOX grep -q '200 OK'" "$BUSYBOX ")" \
    >"$results/outside" 2>/dev/null &
  pids+=($!)
  if [[ $mesh == yes ]]; then
    timeout "$limit" nsenter --net="$(netns_file "$OUTSIDE_NETNS")" "$BUSYBOX" sh -c "$(traffic_loop "$rounds" "$pause_us" \
      "$http_get | $BUSYBOX nc -w 2 $node1_ip $PUBLISHED_PORT | $BUSYBOX grep -q '200 OK'" "$BUSYBOX ")" \
      >"$results/mesh" 2>/dev/null &
    pids+=($!)
    dk_within "$limit" 1 exec client sh -c "$(traffic_loop "$rounds" "$pause_us" \
      "$http_get | nc -w 2 web 80 | grep -q '200 OK'")" >"$results/vip" 2>/dev/null &
    pids+=($!)
  fi
  # Only these: a capture running around the traffic has its own background tcpdumps.
  wait "${pids[@]}"

  local failed=0 kind description ok sent
  printf '%-8s %-64s %s\n' KIND PATH OK/SENT
  while IFS='|' read -r kind description; do
    [[ -n $kind ]] || continue
    read -r ok sent <"$results/$kind" || true
    printf '%-8s %-64s %s/%s\n' "$kind" "$description" "${ok:-0}" "${sent:-0}"
    [[ ${ok:-0} -gt 0 ]] || failed=1
  done <<TABLE
http|client (node1) $client_ip -> web (node2) $web_ip:80
tcp|web (node2) $web_ip -> db (node3) $db_ip:3306
icmp|client (node1) $client_ip -> web $web_ip and db $db_ip (ping)
udp|client (node1) $client_ip -> db $db_ip:33434 (UDP probe)
big|client (node1) $client_ip -> web $web_ip (1450-byte ping)
outside|$OUTSIDE_NETNS $OUTSIDE_IP -> node2 $node2_ip:$PUBLISHED_PORT
$([[ $mesh == yes ]] && printf '%s\n' "mesh|$OUTSIDE_NETNS $OUTSIDE_IP -> node1 $node1_ip:$PUBLISHED_PORT (routing mesh, IPVS)" \
    "vip|client (node1) $client_ip -> web:80 by name (service VIP, IPVS)")
TABLE
  rm -rf "$results"
  ((failed == 0))
}

cmd_traffic() {
  parse_traffic_options "$DEFAULT_TRAFFIC_SECONDS" "$@"
  ((${#EXTRA_ARGS[@]} == 0)) || die "unknown option for traffic: ${EXTRA_ARGS[0]} (see ./canvas lab traffic --help)"
  require_root
  require_lab
  run_traffic "$TRAFFIC_SECONDS" "$TRAFFIC_RATE" || die "some traffic never got through (see the table above)"
}
