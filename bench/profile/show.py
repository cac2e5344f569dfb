# Prints a bench/profile shim report: CPU and page faults in the callback, per hook and per event.
import json, sys
for f in sys.argv[1:]:
    d = json.loads(open(f).read().splitlines()[-1])
    stats = d['stats']
    hooks = [v for k, v in stats.items() if k.startswith('hook:')]
    calls, cpu, faults = sum(h[0] for h in hooks), sum(h[2] for h in hooks), sum(h[3] for h in hooks)
    events = stats['CallbackModule._emit_frame'][0]  # every event goes through it
    print("%s: controller process CPU %.1f s, %d faults; in hooks %d calls %.2f s CPU %d faults; %d events (%.2f ms CPU, %.1f faults per event)"
          % (f, d['process_cpu'], d.get('process_faults', 0), calls, cpu, faults, events, 1000 * cpu / events, faults / events))
    for k, (n, w, c, flt) in sorted(stats.items(), key=lambda x: -x[1][2]):
        print("   %-32s n=%5d cpu=%6.3f s  %.3f ms/call  %6.1f faults/call" % (k, n, c, 1000 * c / n, flt / n))
