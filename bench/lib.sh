# Shared helpers for the benchmark scripts (sourced).
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

# Loopback targets like the peer baselines: 127.0.1.1 … (skipping 127.0.1.0), N addresses.
loopback_targets() {
  local n=$1 c=1 d=1 i=0
  while [ "$i" -lt "$n" ]; do
    echo "127.0.$c.$d"
    i=$((i + 1)); d=$((d + 1))
    if [ "$d" -gt 255 ]; then d=0; c=$((c + 1)); fi
  done
}

need() { # need BINARY PACKAGE
  command -v "$1" >/dev/null 2>&1 && return
  echo "installing $2 for the benchmark" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
