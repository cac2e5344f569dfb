# Prints a bench/profile shim report: CPU in the callback per hook and per event.
import json, sys
for f in sys.argv[1:]:
    d = json.loads(open(f).read().splitlines()[-1])
    g = d['stats']['CallbackModule._guard']; e = d['stats']['CallbackModule._emit']
    print("%s: controller process CPU %.1f s; in hooks %d calls %.2f s CPU; %d events (%.2f ms CPU/event)" % (f, d['process_cpu'], g[0], g[2], e[0], 1000 * g[2] / e[0]))
    for k, (n, w, c) in sorted(d['stats'].items(), key=lambda x: -x[1][2]):
        print("   %-25s n=%5d cpu=%6.3f s  %.3f ms/call" % (k, n, c, 1000 * c / n))
