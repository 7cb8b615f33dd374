/**
 * How Traefik can pick up a new dynamic file (adapters/targets/reload.ts carries them out):
 *  - watch   (default) the file provider's watcher sees the rename; nothing to do;
 *  - sighup  Traefik v3 re-reads file providers on SIGHUP; Traefik v2 has no handler and dies;
 *  - restart `systemctl restart traefik`.
 */
export const RELOAD_MODES = ["watch", "sighup", "restart"] as const;
export type ReloadMode = (typeof RELOAD_MODES)[number];
