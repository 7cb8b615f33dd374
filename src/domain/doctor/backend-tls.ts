/**
 * Pure: the HTTPS backends of the live file, looked at with their own transports' settings
 * (commands/doctor/gather.ts connects): a certificate Traefik would refuse is an error with the
 * reason and the setting that fixes it; a CA file the transport names but the container does not
 * have is an error (Traefik answers 500); one that expires soon is a warning. "Soon" is 14 days,
 * or half the certificate's lifetime when that is shorter: Phoenix's step-ca issues 24-hour
 * certificates and its certificate-renewal-manager.sh renews them with 12 hours left, so a 24-hour
 * certificate with less than 12 hours left means renewal is not running, while a fresh one must
 * not raise a warning on every run.
 */
import type { BackendTlsContext, TlsObservation } from "../traefik/tls-explain.js";
import { explainBackendTls } from "../traefik/tls-explain.js";
import { error, ok, warning, type Finding } from "./finding.js";

export interface BackendLook {
  context: BackendTlsContext;
  seen: TlsObservation;
}

/** Where Phoenix keeps its step-ca root on the Proxmox host (bin/managers/portainer-manager.sh). */
export const PHOENIX_ROOT_CA_ON_HOST = "/mnt/pve/quickOS/lxc-persistent-data/103/ssl/phoenix_root_ca.crt";
const EXPIRY_WARNING_DAYS = 14;
const DAY = 86_400_000;

function describeDuration(ms: number): string {
  const hours = Math.max(0, Math.floor(ms / 3_600_000));
  return hours >= 48 ? `${Math.floor(hours / 24)} days` : `${hours} hours`;
}

export function checkBackendTls(looks: readonly BackendLook[], ctid: string | undefined): Finding[] {
  if (looks.length === 0) return [];
  const findings: Finding[] = [];
  for (const { context, seen } of looks) {
    const check = `backend.tls.${context.route}`;
    const address = new URL(context.url).host;
    if (seen.kind === "not-inspected" && seen.reason.startsWith("the CA file")) {
      const path = /the CA file (\S+)/.exec(seen.reason)?.[1] ?? "?";
      findings.push(
        error(
          check,
          `${context.route}: its transport trusts ${path}, which does not exist in the container: Traefik cannot verify ${address} and answers 500`,
          `copy Phoenix's root CA there, on the Proxmox host: pct push ${ctid ?? "<ctid>"} ${PHOENIX_ROOT_CA_ON_HOST} ${path}`,
        ),
      );
      continue;
    }
    if (seen.kind === "unreachable" || seen.kind === "not-inspected") {
      findings.push(
        warning(
          check,
          `${context.route}: could not look at ${address}'s certificate (${seen.kind === "unreachable" ? seen.error : seen.reason})`,
          "run doctor where the backends can be reached (the Proxmox host)",
        ),
      );
      continue;
    }
    const explained = explainBackendTls(context, seen);
    if (explained !== undefined) {
      findings.push(
        error(
          check,
          `${context.route}: ${explained.problems.join("; ")}`,
          explained.fixes.length === 0 ? undefined : explained.fixes.join("; or "),
        ),
      );
      continue;
    }
    if (seen.kind !== "tls" || context.transport?.insecureSkipVerify === true) continue;
    const leaf = seen.chain[0];
    if (leaf === undefined) continue;
    const end = new Date(leaf.notAfter).getTime();
    const lifetime = end - new Date(leaf.notBefore).getTime();
    const left = end - new Date(seen.at).getTime();
    if (left < Math.min(EXPIRY_WARNING_DAYS * DAY, lifetime / 2))
      findings.push(
        warning(
          check,
          `${context.route}: ${address}'s certificate expires in ${describeDuration(left)} (${leaf.notAfter.slice(0, 16).replace("T", " ")} UTC)`,
          "renew it (Phoenix: bin/managers/certificate-renewal-manager.sh, run by phoenix sync; or `step ca renew`)",
        ),
      );
  }
  if (!findings.some((f) => f.status === "error"))
    findings.push(
      ok(
        "backend.tls",
        `${looks.length} HTTPS backend${looks.length === 1 ? "" : "s"}: certificates valid for their transports`,
      ),
    );
  return findings;
}
