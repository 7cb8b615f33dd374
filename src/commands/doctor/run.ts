/** `phoenix-mesh doctor`: is the Traefik in LXC 102 set up to take changes safely? */
import { PhoenixMeshError } from "../../core/errors.js";
import { error, ok, type Finding } from "../../domain/doctor/finding.js";
import type { Target } from "../../adapters/targets/target.js";
import { formatFindings } from "./format.js";
import { loadSettings } from "../../adapters/settings/load.js";
import { SETTINGS } from "../../adapters/settings/table.js";
import type { FlagValues } from "../../adapters/settings/types.js";
import type { CommandIO } from "../../core/command-io.js";

export interface DoctorOptions {
  flags: FlagValues;
  staticPath?: string | undefined;
  fix?: boolean;
  restart?: boolean;
  json?: boolean;
}

export interface DoctorReport {
  target: string;
  findings: Finding[];
  changes: string[];
  /** What --fix decided not to do, and why (also on stderr). */
  notes: string[];
}

export async function doctorCommand(options: DoctorOptions, io: CommandIO): Promise<DoctorReport> {
  if (options.restart === true && options.fix !== true)
    throw new PhoenixMeshError("USAGE", "--restart goes with --fix");
  const { settings } = await loadSettings(options.flags, io);
  const { target: targetUrl } = settings;
  // Doctor examines one container and the Traefik in it: the first API given is that Traefik's.
  const apiUrl = settings.traefikApis[0];
  if (settings.traefikApis.length > 1)
    io.stderr(
      `doctor examines the Traefik in ${targetUrl ?? "the target"} through ${apiUrl}; run it once per instance for the others (${settings.traefikApis.slice(1).join(", ")})\n`,
    );
  if (targetUrl === undefined)
    throw new PhoenixMeshError("USAGE", "no target to examine", {
      hint: `pass --target (e.g. pct://102/etc/traefik/dynamic/dynamic_conf.yml), set ${SETTINGS.target.env}, or ${SETTINGS.target.file} in phoenix-mesh.yaml`,
    });
  const [
    { openTarget },
    { parseTargetUrl },
    { traefikApi },
    { tlsInspector },
    { gather },
    { diagnose, staticPathFromUnit, staticFromUnitFlags },
    { applyFixes },
  ] = await Promise.all([
    import("../../adapters/targets/open-target.js"),
    import("../../adapters/targets/target-url.js"),
    import("../../adapters/traefik-api/api.js"),
    import("../../adapters/traefik-api/tls-inspect.js"),
    import("./gather.js"),
    import("../../domain/doctor/diagnose.js"),
    import("./apply-fixes.js"),
  ]);
  const spec = parseTargetUrl(targetUrl);
  if (spec.kind === "redis") {
    const { doctorRedis } = await import("./redis.js");
    const { target, findings } = await doctorRedis(spec, settings, io);
    const notes =
      options.fix === true
        ? ["--fix changes nothing in Redis: its findings say what to change in redis.conf"]
        : [];
    for (const n of notes) io.stderr(`${n}\n`);
    return finish({ target, findings, changes: [], notes }, options, io);
  }
  // Every look into the container is bounded: a hanging systemctl or pct must not hang doctor.
  const target = await openTarget(targetUrl, {
    env: io.env,
    sshOptions: settings.sshOptions,
    timeoutMs: settings.stepTimeoutSeconds * 1000,
  });
  try {
    const api = apiUrl === undefined ? undefined : traefikApi(apiUrl);
    // Preconditions first: when no command runs in the container, nothing in it can be judged,
    // and "no unit found" or "folder missing" would be false. Say what is wrong, and exit 4.
    const unreachable = await reachability(target, spec.kind === "dir" ? undefined : spec.ctid);
    if (unreachable !== undefined) {
      const findings: Finding[] = [unreachable];
      if (api !== undefined) {
        const version = await api.version().then(
          (v) => ok("traefik.version", `Traefik's API answers: ${v.Version}`),
          (e: unknown) =>
            error("traefik.version", `Traefik's API could not be reached either: ${(e as Error).message}`),
        );
        findings.push(version);
      }
      const report: DoctorReport = { target: target.description, findings, changes: [], notes: [] };
      if (options.json !== true) io.stderr(formatFindings(findings, []));
      throw new PhoenixMeshError(
        "REMOTE",
        `${target.description} cannot be examined: ${unreachable.message}`,
        {
          details: report,
          hint: unreachable.fix,
        },
      );
    }
    const examine = async () => {
      // Backends are looked at with the CA files as the container has them.
      const gathered = await gather(
        target,
        api,
        tlsInspector((path) => target.readFile(path)),
      );
      const staticPath = options.staticPath ?? staticPathFromUnit(gathered.unit?.text);
      const staticText = await target.readFile(staticPath).catch(() => undefined);
      // No static file: Traefik then takes its flags (when ExecStart has any).
      const fromFlags =
        staticText === undefined && options.staticPath === undefined
          ? staticFromUnitFlags(gathered.unit?.text)
          : undefined;
      return {
        gathered,
        findings: diagnose(gathered, target.livePath, fromFlags ?? { path: staticPath, text: staticText }, {
          ctid: spec.kind === "dir" ? undefined : spec.ctid,
        }),
      };
    };
    let { gathered, findings } = await examine();
    const changes: string[] = [];
    const notes: string[] = [];
    if (options.fix === true) {
      changes.push(
        ...(await applyFixes(target, gathered, {
          restart: options.restart === true,
          now: Date.now(),
          log: (l) => {
            notes.push(l);
            io.stderr(`${l}\n`);
          },
        })),
      );
      if (changes.length > 0) ({ gathered, findings } = await examine());
    }
    return finish({ target: target.description, findings, changes, notes }, options, io);
  } finally {
    await target.close();
  }
}

/** Prints the findings, and maps them to the outcome: errors exit 8, warnings 1. */
function finish(report: DoctorReport, options: DoctorOptions, io: CommandIO): DoctorReport {
  const { findings, changes } = report;
  if (options.json !== true) io.stderr(formatFindings(findings, changes));
  const errors = findings.filter((f) => f.status === "error").length;
  const warnings = findings.filter((f) => f.status === "warning").length;
  if (errors > 0)
    throw new PhoenixMeshError(
      "DOCTOR_ERRORS",
      `${plural(errors, "error")}, ${plural(warnings, "warning")} in ${report.target}`,
      { details: report },
    );
  if (warnings > 0)
    throw new PhoenixMeshError("DOCTOR_WARNINGS", `${plural(warnings, "warning")} in ${report.target}`, {
      details: report,
    });
  return report;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Can a command run where the target is? undefined when it can, else the finding that says why not. */
async function reachability(target: Target, ctid: string | undefined): Promise<Finding | undefined> {
  const result = await target.exec(["true"]);
  if (result.exitCode === 0) return undefined;
  const said = (result.stderr.trim() || result.stdout.trim()).split("\n").slice(-2).join(" / ");
  if (ctid !== undefined && /not running/i.test(said))
    return error(
      "target.reachable",
      `LXC ${ctid} is not running (${said})`,
      `start it on the Proxmox host: pct start ${ctid}`,
    );
  if (result.exitCode === 127 && /pct: command not found/.test(said))
    return error(
      "target.reachable",
      "`pct` is not installed here: this is not the Proxmox host",
      `run doctor on the Proxmox host, or reach it over SSH: --target ssh://root@<proxmox-host>/pct/${ctid ?? "102"}${target.livePath}`,
    );
  return error(
    "target.reachable",
    `no command runs in ${target.description} (exit ${result.exitCode}${said === "" ? "" : `: ${said}`})`,
    "check the target (--target) and that the host and container are up",
  );
}
