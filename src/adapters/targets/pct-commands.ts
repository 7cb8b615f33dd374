/**
 * Pure: argv for Proxmox's `pct`, in its real syntax (pct(1)):
 *   pct push <vmid> <file> <destination> [--perms <string>] [--user <string>] [--group <string>]
 *   pct pull <vmid> <path> <destination>
 *   pct exec <vmid> [-- <command> <args>…]
 */
export const pct = {
  push: (ctid: string, file: string, destination: string, perms: string): string[] => [
    "pct",
    "push",
    ctid,
    file,
    destination,
    "--perms",
    perms,
  ],
  pull: (ctid: string, path: string, destination: string): string[] => [
    "pct",
    "pull",
    ctid,
    path,
    destination,
  ],
  exec: (ctid: string, argv: readonly string[]): string[] => ["pct", "exec", ctid, "--", ...argv],
};
