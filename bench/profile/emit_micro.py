# Per-event CPU of the callback's result serialization outside Ansible: the current code (dumps/loads
# round trip, then a second dumps) against encoding the content once; with an argument N it also
# runs both while the process (grown by N KiB) keeps forking, as Ansible's controller does.
# Usage: /usr/bin/python3 emit_micro.py [N]
import datetime, json, time, uuid
from ansible.module_utils.common.json import AnsibleJSONEncoder
from ansible.vars.clean import module_response_deepcopy, strip_internal_keys
from ansible.utils.unsafe_proxy import AnsibleUnsafeText

result = {"changed": True, "cmd": ["printf", "a\nb\nc\nd\n"], "delta": "0:00:00.003130", "end": "2026-11-30 08:00:00.120000",
          "invocation": {"module_args": {"_raw_params": "printf 'a\\nb\\nc\\nd\\n'", "_uses_shell": False, "argv": None, "chdir": None,
          "creates": None, "executable": None, "removes": None, "stdin": None, "stdin_add_newline": True, "strip_empty_ends": True}},
          "msg": "", "rc": 0, "start": "2026-11-30 08:00:00.116870", "stderr": "", "stderr_lines": [], "stdout": AnsibleUnsafeText("a\nb\nc\nd"),
          "stdout_lines": ["a", "b", "c", "d"], "_ansible_no_log": False, "_ansible_verbose_always": True}
run = str(uuid.uuid4())
def now(): return datetime.datetime.now(datetime.timezone.utc).isoformat()

def current(seq):
    content = strip_internal_keys(module_response_deepcopy(result))
    content = json.loads(json.dumps(content, cls=AnsibleJSONEncoder, ensure_ascii=False, sort_keys=True))
    event = {"schema": 1, "type": "result", "run": run, "seq": seq, "time": now()}
    event.update(host="host7", task_uuid="5254-0012", status="ok", delegated_to=[], content=content, changed=True, ignore_errors=False, started=now())
    return json.dumps(event, cls=AnsibleJSONEncoder, separators=(",", ":"), sort_keys=False).encode("utf-8")

ENC = AnsibleJSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
ENV = AnsibleJSONEncoder(separators=(",", ":"))
def proposed(seq):
    content = strip_internal_keys(module_response_deepcopy(result))
    body = ENC.encode(content)
    event = {"schema": 1, "type": "result", "run": run, "seq": seq, "time": now(),
             "host": "host7", "task_uuid": "5254-0012", "status": "ok", "delegated_to": [], "changed": True, "ignore_errors": False, "started": now()}
    return (ENV.encode(event)[:-1] + ',"content":' + body + "}").encode("utf-8")

assert json.loads(current(1))["content"] == json.loads(proposed(1))["content"]
for name, fn in (("current", current), ("proposed", proposed), ("current", current), ("proposed", proposed)):
    n = 5000; c0 = time.process_time()
    for i in range(n): fn(i)
    print("%-9s %.1f us CPU per result event (%d bytes)" % (name, 1e6 * (time.process_time() - c0) / n, len(fn(1))))

# COW check: the same work while this (large) process keeps forking short-lived children, as
# Ansible's controller does for its workers.
import os, sys
if len(sys.argv) > 1:
    ballast = [bytearray(1024) for _ in range(int(sys.argv[1]))]  # grow the heap like a controller
    for name, fn in (("current+forks", current), ("proposed+forks", proposed)):
        n = 2000; cpu = 0.0; kids = 0
        for i in range(n):
            if i % 10 == 0:
                pid = os.fork()
                if pid == 0:
                    time.sleep(0.3); os._exit(0)
                kids += 1
            c0 = time.thread_time(); fn(i); cpu += time.thread_time() - c0
        while kids:
            os.wait(); kids -= 1
        print("%-15s %.1f us CPU per result event (fork every 10 events, heap +%d KiB)" % (name, 1e6 * cpu / n, int(sys.argv[1])))
