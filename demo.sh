#!/usr/bin/env bash
# ara-journal demo: installs what is missing (Debian 12), builds, records a sample playbook into a
# journal, starts a local ARA server and replays the journal into it. Leaves the server running.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
root="$PWD"

# --- 1. Debian packages -----------------------------------------------------------------------
need=()
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
[ -x /usr/bin/ansible-playbook ] || need+=(ansible-core)
command -v ara-manage >/dev/null || need+=(ara-server)
/usr/bin/python3 -c 'import ara.plugins' 2>/dev/null || need+=(python3-ara)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# --- 2. Build ---------------------------------------------------------------------------------
echo "==> building (mvn -B -q -DskipTests package)"
mvn -B -q -DskipTests package

# --- 3. Record a sample playbook ----------------------------------------------------------------
demo="$(mktemp -d -t ara-journal-demo.XXXXXX)"
cat > "$demo/inventory" <<'INV'
web1 ansible_connection=local
web2 ansible_connection=local
db1 ansible_connection=local
INV
cat > "$demo/site.yml" <<'YML'
- name: Configure web servers
  hosts: web*
  gather_facts: false
  vars:
    ara_playbook_name: ara-journal demo
    ara_playbook_labels: [demo]
  tasks:
    - name: Gather a few facts
      setup:
        gather_subset: ["!all"]
    - name: Say hello
      ansible.builtin.debug:
        msg: "hello from {{ inventory_hostname }}"
    - name: Pretend to change something
      ansible.builtin.command: /bin/true
      notify: Reload service
    - name: A failure we ignore
      ansible.builtin.command: /bin/false
      ignore_errors: true
  handlers:
    - name: Reload service
      ansible.builtin.debug:
        msg: reloaded
- name: Check the database
  hosts: db1
  gather_facts: false
  tasks:
    - name: Ping
      ansible.builtin.ping:
YML
echo "==> recording $demo/site.yml into the journal $demo/journal"
(
  cd "$demo"
  eval "$("$root/bin/ara-journal" setup env --journal "$demo/journal")"
  export ANSIBLE_LOCAL_TEMP="$demo/.ansible-tmp" ANSIBLE_HOST_KEY_CHECKING=false ANSIBLE_RETRY_FILES_ENABLED=false
  ansible-playbook -i inventory site.yml
)
"$root/bin/ara-journal" inspect --journal "$demo/journal"

# --- 4. A local ARA server ----------------------------------------------------------------------
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
export ARA_BASE_DIR="$demo/ara"
mkdir -p "$ARA_BASE_DIR"
echo "==> starting an ARA server on $url (ARA_BASE_DIR=$ARA_BASE_DIR)"
ara-manage migrate >"$demo/ara-migrate.log" 2>&1
nohup ara-manage runserver --noreload "127.0.0.1:$port" >"$demo/ara-server.log" 2>&1 &
server_pid=$!
echo "$server_pid" >"$demo/ara-server.pid"
for _ in $(seq 1 120); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen('$url/api/', timeout=2)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the ARA server did not start; see $demo/ara-server.log" >&2
    exit 1
  fi
  sleep 0.5
done

# --- 5. Replay ----------------------------------------------------------------------------------
echo "==> replaying the journal into $url"
"$root/bin/ara-journal" replay --from "$demo/journal" --to "$url"

cat <<DONE

Done. The recorded run is now in ARA:
  web UI:   $url
  API:      curl $url/api/v1/playbooks
            curl '$url/api/v1/results?playbook=1'
  journal:  $demo/journal   (bin/ara-journal inspect --journal $demo/journal)

The ARA server keeps running (pid $server_pid, log $demo/ara-server.log). Stop it with:
  kill $server_pid
DONE
