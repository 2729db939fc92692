# Sourced by image/boot-test.sh (needs its vm, api, json, wait_state, agent_state, pass, die):
# issue #13 on the appliance. An attacker agent beside a victim that holds a secret in its
# arguments and spawn environment: the attacker finds no bus, no host runtime socket, no secret
# in /run, /proc or its IPC and cgroup namespaces; root sees the victim's unit without the secret;
# the victim reads its own secret and still runs afterwards. Mirrors test/systemd/confinement.test.ts.
conf_mark="CONFINE-SECRET"
conf_secret="$conf_mark-$(openssl rand -hex 6)"
# Matches the mark without being it, so the attacker's own program does not count.
conf_pattern="CONFINE-SECRE[T]"
conf_spawn() { # JSON body -> "pid agent-id"
  local out code
  out=$(api POST /api/v1/agents "$1"); code=${out##*$'\n'}
  [ "$code" = 201 ] || die "confinement: POST /api/v1/agents answered $code: ${out%$'\n'*}"
  json 'str(d["pid"]) + " " + d["agent"]["id"]' <<<"${out%$'\n'*}"
}

conf_victim=$(python3 -c 'import json,sys; s=sys.argv[1]; print(json.dumps({"name": "conf-victim",
  "command": ["/bin/sh", "-c", "echo \"$VICTIM_ENV\" > own-env; echo \"$0\" > own-arg; ipcmk -M 4096 -p 0666 | sed \"s/[^0-9]//g\" > shmid; echo ready > ready; exec sleep 600", s + "-arg"],
  "environment": {"VICTIM_ENV": s + "-env"}}))' "$conf_secret")
read -r vpid vid <<<"$(conf_spawn "$conf_victim")"
wait_state "$vpid" running
for _ in $(seq 30); do vm test -s "/var/lib/aether/homes/$vid/ready" && break; sleep 1; done
vm test -s "/var/lib/aether/homes/$vid/ready" || die "confinement: the victim never wrote its files"

conf_probe="{ busctl --system list; echo rc=\$?; } > bus 2>&1
ls -A /run > run 2>&1
{ grep -rsl '$conf_pattern' /run /tmp /var/tmp /dev/shm /home; cat /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null | tr '\0' '\n' | grep -c '$conf_pattern'; } > leak 2>&1
ipcs -m > ipc 2>&1
grep ^0:: /proc/self/cgroup > cgroup 2>&1
echo done > done"
conf_attacker=$(python3 -c 'import json,sys; print(json.dumps({"name": "conf-attacker", "command": ["/bin/sh", "-c", sys.argv[1]]}))' "$conf_probe")
read -r apid aid <<<"$(conf_spawn "$conf_attacker")"
wait_state "$apid" exited
ahome=/var/lib/aether/homes/$aid
vm cat "$ahome/done" >/dev/null 2>&1 || die "confinement: the attacker did not finish its probes" "journalctl -u aether-p$apid.service"
bus=$(vm cat "$ahome/bus")
[[ $bus == *"No such file"* && $bus != *"rc=0"* ]] || die "confinement: an agent reached the system bus: $bus"
run=$(vm cat "$ahome/run" | tr '\n' ' ')
for entry in $run; do
  case $entry in aether | credentials | systemd | user) ;; *) die "confinement: an agent sees /run/$entry of the host (/run: $run)" ;; esac
done
leak=$(vm cat "$ahome/leak")
[ "$leak" = 0 ] || die "confinement: the victim's secret is readable by another agent: $leak"
shmid=$(vm cat "/var/lib/aether/homes/$vid/shmid")
vm cat "$ahome/ipc" | grep -Eq "^0x[0-9a-f]+ +$shmid " && die "confinement: the victim's shared memory segment $shmid is visible to another agent"
[ "$(vm cat "$ahome/cgroup")" = "0::/" ] || die "confinement: an agent sees the host's cgroup tree: $(vm cat "$ahome/cgroup")"
pass "confinement: another agent reaches no bus, sees only its own /run entries ($run), no secret, no IPC segment, its own cgroup root"

# Controls: root sees the unit (without the secret); the victim has its secret and still runs.
view=$(vm "systemctl show aether-p$vpid.service; cat /run/systemd/transient/aether-p$vpid.service")
[[ $view == *"AETHER_AGENT=conf-victim"* ]] || die "confinement: root does not see the victim's unit"
[[ $view != *"$conf_mark"* ]] || die "confinement: the victim's unit properties publish its secret"
[ "$(vm cat "/var/lib/aether/homes/$vid/own-env")" = "$conf_secret-env" ] || die "confinement: the victim did not get its environment"
[ "$(vm cat "/var/lib/aether/homes/$vid/own-arg")" = "$conf_secret-arg" ] || die "confinement: the victim did not get its arguments"
[ "$(agent_state "$vpid")" = running ] || die "confinement: the victim is $(agent_state "$vpid") after the attack"
pass "confinement: root sees the victim's unit with no secret in it; the victim has its secrets and still runs"
api DELETE "/api/v1/agents/$vpid" >/dev/null
