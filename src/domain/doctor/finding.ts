/** One thing doctor looked at: what it found, why it matters, and the exact fix. */
export type FindingStatus = "ok" | "warning" | "error";

export interface Finding {
  /** Stable id, e.g. "unit.exec-reload". */
  check: string;
  status: FindingStatus;
  message: string;
  fix?: string;
}

export const ok = (check: string, message: string): Finding => ({ check, status: "ok", message });
export const warning = (check: string, message: string, fix?: string): Finding => ({
  check,
  status: "warning",
  message,
  ...(fix === undefined ? {} : { fix }),
});
export const error = (check: string, message: string, fix?: string): Finding => ({
  check,
  status: "error",
  message,
  ...(fix === undefined ? {} : { fix }),
});

/**
 * A command to run inside Traefik's container, as the operator pastes it on the Proxmox host
 * (`pct exec 102 -- …`), or as it is when the target is a local folder.
 */
export function onHost(ctid: string | undefined, command: string): string {
  return ctid === undefined ? command : `on the Proxmox host: pct exec ${ctid} -- ${command}`;
}
