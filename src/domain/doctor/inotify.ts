/**
 * Pure: inotify limits in the container. Traefik's file watcher needs an inotify instance and a
 * watch per file; LXCs share the host's per-user limits, and when they run out the file provider
 * fails at start, silently for routing and fatally for SIGHUP.
 */
import { error, ok, warning, type Finding } from "./finding.js";

export function checkInotify(limits: {
  maxUserWatches: number | undefined;
  maxUserInstances: number | undefined;
}): Finding[] {
  const { maxUserWatches: watches, maxUserInstances: instances } = limits;
  if (watches === undefined || instances === undefined) {
    return [
      warning(
        "inotify.limits",
        "could not read /proc/sys/fs/inotify/max_user_watches and max_user_instances in the container",
        "check them by hand: cat /proc/sys/fs/inotify/max_user_{watches,instances}",
      ),
    ];
  }
  const fix =
    "raise them on the Proxmox host, e.g. sysctl -w fs.inotify.max_user_instances=1024 fs.inotify.max_user_watches=524288 (and persist in /etc/sysctl.d/)";
  if (watches < 64 || instances < 8)
    return [
      error(
        "inotify.limits",
        `inotify limits are very low (max_user_watches=${watches}, max_user_instances=${instances}): Traefik's file watcher may fail to start`,
        fix,
      ),
    ];
  if (watches < 8192 || instances < 128)
    return [
      warning(
        "inotify.limits",
        `inotify limits are low for a host shared by many containers (max_user_watches=${watches}, max_user_instances=${instances})`,
        fix,
      ),
    ];
  return [
    ok("inotify.limits", `inotify limits: max_user_watches=${watches}, max_user_instances=${instances}`),
  ];
}
