// The container side of a swap, run by the shells containers have (Debian's dash as /bin/sh, and
// BusyBox's ash, as in Alpine and the test containers), on real files: the live file changes only
// after the caller's go-ahead for this very run, and then holds exactly the bytes sent.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runProcess, type ProcessInput, type StreamedInput } from "../../src/adapters/io/exec.js";
import {
  goAheadLine,
  parseSwapReply,
  STAGED_LINE,
  swapScriptArgv,
} from "../../src/adapters/targets/swap-script.js";
import { tempDir } from "../support/fixtures.js";
import { BUSYBOX } from "../e2e/support/container.js";

const SHELLS: [string, string[]][] = [
  ["dash", ["/bin/dash"]],
  ["busybox ash", [BUSYBOX, "sh"]],
];
// Outside CI a missing shell skips loudly (reported as skipped, never as passed); under CI it fails.
const missing = SHELLS.filter(([, [bin]]) => !existsSync(bin!)).map(([name, [bin]]) => `${name} (${bin})`);
const reason = `${missing.join(" and ")} missing: apt-get install dash busybox-static (.ci/run installs busybox-static)`;
if (missing.length > 0 && process.env["CI"] === "true") throw new Error(reason);
if (missing.length > 0) console.warn(`\n!!! SKIPPED the swap script under ${reason}\n`);

async function setUp() {
  const root = await tempDir("phoenix-mesh-swap-");
  const dynamic = join(root, "etc/traefik/dynamic");
  await mkdir(dynamic, { recursive: true });
  const live = join(dynamic, "dynamic_conf.yml");
  await writeFile(live, "# revision: 111111111111\nold\n");
  return {
    root,
    live,
    staging: join(dynamic, ".phoenix-mesh"),
    lock: join(root, "etc/traefik/.phoenix-mesh-deploy.lock"),
    backups: join(root, "etc/traefik/phoenix-mesh-backups"),
  };
}

/**
 * The input a deploy gives: the file at once, then `after(content)` once the script says STAGED
 * (the go-ahead, or anything a test sends in its place); undefined ends the input there.
 */
function afterStaged(content: string, after: string | undefined, seen?: () => void): StreamedInput {
  let staged!: () => void;
  const stagedNow = new Promise<void>((resolve) => (staged = resolve));
  let said = "";
  let fired = false;
  return {
    head: content,
    tail: stagedNow.then(() => (after === undefined ? Promise.reject(new Error("no go-ahead")) : after)),
    onOutput: (text) => {
      said += text;
      // Once: later output (the reply after the go-ahead) must not look at the folders again.
      if (!fired && said.split("\n").includes(STAGED_LINE)) {
        fired = true;
        seen?.();
        staged();
      }
    },
  };
}

async function swap(
  shell: string[],
  content: string,
  input: ProcessInput,
  token = "0123456789abcdef",
  onSetUp?: (at: Awaited<ReturnType<typeof setUp>>) => void,
) {
  const at = await setUp();
  onSetUp?.(at);
  const argv = swapScriptArgv("swap", at.lock, token, [
    at.live,
    at.staging,
    at.backups,
    "10",
    JSON.stringify({ pid: 1, host: "h", started: 0, expires: 1 }),
    "-",
    "20261202T000000.000Z",
    join(at.root, "etc/traefik/dynamic"),
    "dynamic_conf.yml",
    String(Buffer.byteLength(content, "utf8")),
  ]);
  // swapScriptArgv starts with "sh": run the same script under the shell being tested.
  const result = await runProcess([...shell, ...argv.slice(1)], { input });
  return { ...at, result, reply: parseSwapReply(result.stdout) };
}

describe.each(SHELLS)("the swap script under %s", (name, shell) => {
  if (!existsSync(shell[0]!)) {
    it.skip(`SKIPPED: ${name} is missing (${shell[0]})`, () => undefined);
    return;
  }
  const token = "0123456789abcdef";

  it("puts exactly the bytes sent live after this run's go-ahead (a file without a final newline, non-ASCII text)", async () => {
    const content = "# revision: 222222222222\nhttp: {}\n# café ✓\nlast line without newline";
    const run = await swap(shell, content, afterStaged(content, goAheadLine(token)));
    expect(run.reply?.kind, run.result.stderr).toBe("swapped");
    expect(run.result.stdout.split("\n")[0]).toBe(STAGED_LINE);
    expect(await readFile(run.live, "utf8")).toBe(content);
    expect(await readdir(run.staging)).toEqual([]);
    expect(await readlink(run.lock)).toBe(token); // held until release
  });

  it.each([
    ["no go-ahead at all (the file was refused)", (c: string) => afterStaged(c, undefined)],
    ["the file cut short (the caller died while sending)", (c: string) => c.slice(0, 10)],
    ["another run's go-ahead", (c: string) => afterStaged(c, goAheadLine("ffffffffffffffff"))],
    ["a go-ahead with more on its line", (c: string) => afterStaged(c, `GO ${token}x\n`)],
    ["an empty line instead of the go-ahead", (c: string) => afterStaged(c, "\n")],
  ])("changes nothing and gives the lock back on %s", async (_, inputOf) => {
    const content = "# revision: 222222222222\nhttp: {}\n";
    const run = await swap(shell, content, inputOf(content));
    expect(run.reply?.kind, run.result.stdout + run.result.stderr).toBe("aborted");
    expect(await readFile(run.live, "utf8")).toBe("# revision: 111111111111\nold\n");
    expect(await readdir(run.staging)).toEqual([]);
    await expect(readlink(run.lock)).rejects.toThrow(/ENOENT/);
    expect(await readdir(run.backups)).toEqual([]);
  });

  it("says STAGED with the whole file staged and the live file untouched, then waits for the go-ahead", async () => {
    const content = "# revision: 333333333333\nhttp: {}\n";
    let atStaged: { staged: string[]; live: string } | undefined;
    let dirs!: Awaited<ReturnType<typeof setUp>>;
    const seen = () => {
      // Looked at while the script waits for its go-ahead (it cannot go on before the tail is sent).
      void (async () => {
        const names = await readdir(dirs.staging);
        atStaged = {
          staged: await Promise.all(names.map((n) => readFile(join(dirs.staging, n), "utf8"))),
          live: await readFile(dirs.live, "utf8"),
        };
        allow();
      })();
    };
    let allow!: () => void;
    const later = new Promise<void>((resolve) => (allow = resolve));
    const input = afterStaged(content, goAheadLine(token), seen);
    const run = await swap(shell, content, { ...input, tail: later.then(() => input.tail) }, token, (at) => {
      dirs = at;
    });
    expect(run.reply?.kind).toBe("swapped");
    expect(atStaged).toEqual({ staged: [content], live: "# revision: 111111111111\nold\n" });
  });
});
