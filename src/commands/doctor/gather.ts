/** Adapter: reads what doctor needs from the container (through a Target) and Traefik's API. */
import { join } from "node:path";
import type { Target } from "../../adapters/targets/target.js";
import type { ApiObject, TraefikApi } from "../../domain/traefik/api-types.js";
import { parseDynamic } from "../../adapters/dynamic/read.js";
import type { DynamicConfig } from "../../domain/traefik/dynamic-types.js";
import type { Gathered } from "../../domain/doctor/gathered.js";
import { httpsBackends } from "../../domain/traefik/backends.js";
import { parseConfigDocument } from "../../core/config-document.js";
import { traefikReadOrder } from "../../domain/doctor/dynamic-dir.js";
import { liveRevisions } from "../../domain/traefik/revision.js";
import { filesNamedBy } from "../../domain/doctor/named-files.js";

/** One call for all of them: a constant script, the paths as arguments; prints those that are not files. */
const MISSING_FILES_SCRIPT = 'for f; do [ -f "$f" ] || printf "%s\\n" "$f"; done';

async function missingFiles(target: Target, live: DynamicConfig): Promise<Gathered["missingFiles"]> {
  const named = filesNamedBy(live);
  if (named.length === 0) return [];
  const result = await target.exec([
    "sh",
    "-c",
    MISSING_FILES_SCRIPT,
    "phoenix-mesh",
    ...named.map((n) => n.path),
  ]);
  if (result.exitCode !== 0) return [];
  const missing = new Set(result.stdout.split("\n").filter((l) => l !== ""));
  return named.filter((n) => missing.has(n.path));
}
import type { TlsInspector } from "../../domain/verify/run.js";

const UNIT_FILES = [
  "/etc/systemd/system/traefik.service",
  "/lib/systemd/system/traefik.service",
  "/usr/lib/systemd/system/traefik.service",
];

export async function readUnit(target: Target): Promise<Gathered["unit"]> {
  const cat = await target.exec(["systemctl", "cat", "traefik"]).catch(() => undefined);
  if (cat !== undefined && cat.exitCode === 0 && cat.stdout.includes("[Service]")) {
    return { text: cat.stdout, path: /^# (\/\S+\.service)$/m.exec(cat.stdout)?.[1] };
  }
  // exit 124: the step timeout killed it (a hung systemd); the unit file alone is still worth reading.
  const systemctlHung =
    cat?.exitCode === 124 ? (cat.stderr.trim().split("\n").pop() ?? "no answer") : undefined;
  for (const path of UNIT_FILES) {
    const text = await target.readFile(path).catch(() => undefined);
    if (text !== undefined) return { text, path, ...(systemctlHung === undefined ? {} : { systemctlHung }) };
  }
  return undefined;
}

export async function gather(
  target: Target,
  api: TraefikApi | undefined,
  inspect: TlsInspector,
): Promise<Gathered> {
  const dirPath = join(target.livePath, "..");
  let version: string | undefined;
  let apiError: string | undefined = api === undefined ? "no --api given" : undefined;
  let routers: ApiObject[] = [];
  let servedRevisions: string[] | undefined;
  let fileObjects = 0;
  if (api !== undefined) {
    try {
      version = (await api.version()).Version;
      const [r, m] = await Promise.all([api.list("routers"), api.list("middlewares")]);
      routers = r;
      servedRevisions = liveRevisions(m);
      fileObjects = [...r, ...m].filter((o) => o.provider === "file").length;
    } catch (e) {
      apiError = (e as Error).message;
    }
  }
  const exists = (await target.exec(["test", "-d", dirPath])).exitCode === 0;
  const writable = exists && (await target.exec(["test", "-w", dirPath])).exitCode === 0;
  // What Traefik's directory provider reads: every .yml/.yaml/.toml file (any case) in the
  // folder and, recursively, in its subfolders, hidden ones included (pkg/provider/file).
  const names = exists
    ? traefikReadOrder(
        (await target.exec(["find", dirPath, "-type", "f"])).stdout
          .split("\n")
          .filter((p) => p.startsWith(`${dirPath}/`) && /\.(ya?ml|toml)$/i.test(p))
          .map((p) => p.slice(dirPath.length + 1)),
      )
    : [];
  const liveText = await target.readFile(target.livePath).catch(() => undefined);
  const live = liveText === undefined ? undefined : configOf(liveText, target.livePath);
  // The live file is among them: it is read once (above), the others one pull each.
  const liveName = target.livePath.slice(dirPath.length + 1);
  const others = await Promise.all(
    names.map(async (name) => {
      if (name === liveName) return { name, config: live };
      const text = await target.readFile(join(dirPath, name)).catch(() => undefined);
      return { name, ...neighbour(text, name) };
    }),
  );
  const number = async (path: string) => {
    const r = await target.exec(["cat", path]).catch(() => undefined);
    const n = Number(r?.stdout.trim());
    return r !== undefined && r.exitCode === 0 && Number.isFinite(n) && r.stdout.trim() !== ""
      ? n
      : undefined;
  };
  return {
    facts: {
      version,
      apiError,
      // Files to serve but not a single @file object: the file provider is not running.
      fileProviderAlive: apiError !== undefined || names.length === 0 ? undefined : fileObjects > 0,
    },
    routers,
    servedRevisions,
    missingFiles: live === undefined ? [] : await missingFiles(target, live),
    live,
    backends: await Promise.all(
      (live === undefined ? [] : httpsBackends(live)).map(async (context) => ({
        context,
        seen: await inspect(context.url, context.transport),
      })),
    ),
    unit: await readUnit(target),
    dir: { exists, writable, others },
    inotify: {
      maxUserWatches: await number("/proc/sys/fs/inotify/max_user_watches"),
      maxUserInstances: await number("/proc/sys/fs/inotify/max_user_instances"),
    },
  };
}

/**
 * A neighbour file as Traefik would take it: a file it cannot parse makes it refuse the whole
 * folder; one it parses may define names that clash with ours. (Our stricter checker's opinion
 * is not Traefik's: only a syntax error is reported as a refusal.)
 */
function neighbour(
  text: string | undefined,
  name: string,
): { config: DynamicConfig | undefined; syntaxError?: { message: string; line: number; column: number } } {
  if (text === undefined) return { config: undefined };
  const doc = parseConfigDocument(text, name);
  const first = doc.errors[0];
  if (first !== undefined) return { config: undefined, syntaxError: first };
  const value = doc.value;
  return { config: value !== null && typeof value === "object" ? value : undefined };
}

/** A file's configuration through the one reader; undefined when it is not valid (a finding, not a crash). */
function configOf(text: string, label: string): DynamicConfig | undefined {
  try {
    return parseDynamic(text, label).config;
  } catch {
    return undefined;
  }
}
