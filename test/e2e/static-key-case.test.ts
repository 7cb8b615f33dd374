/**
 * Traefik reads its static configuration's keys without regard to case (paerser matches fields
 * with strings.EqualFold): a traefik.yml written `EntryPoints:` / `Providers: {File: {Directory:}}`
 * works. The real Traefik proves it here, and render's lint and doctor must then find nothing wrong
 * with the same text (they had called its keys unknown and its file provider missing).
 */
import { writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { checkStaticConfig } from "../../src/domain/doctor/static-config.js";
import { lintStaticConfig } from "../../src/domain/traefik/static-lint.js";
import { tempDir } from "../support/fixtures.js";
import { freePorts, waitFor } from "./support/ports.js";
import { startProcess, type Started } from "./support/processes.js";
import { describeWithTraefik } from "./support/traefik.js";

describeWithTraefik("a static configuration with keys in other cases", (bin) => {
  let traefik: Started | undefined;
  afterEach(async () => {
    await traefik?.stop();
    traefik = undefined;
  });

  it("is what Traefik serves from (booleans given as text too), and neither the lint nor doctor finds fault with it", async () => {
    const dir = await tempDir();
    const dynamic = join(dir, "dynamic");
    await mkdir(dynamic);
    const live = join(dynamic, "dynamic_conf.yml");
    const dynamicText =
      "http:\n  routers:\n    app: {rule: 'Host(`app.lan`)', service: app, entryPoints: [Web]}\n  services:\n    app: {loadBalancer: {servers: [{url: 'http://127.0.0.1:9'}]}}\n";
    const [web = 0, api = 0] = await freePorts(2);
    const text = [
      "Global: {CheckNewVersion: false, SendAnonymousUsage: false}",
      "EntryPoints:",
      `  Web: {Address: "127.0.0.1:${web}"}`,
      `  traefik: {ADDRESS: "127.0.0.1:${api}"}`,
      // Booleans as text: paerser parses them with Go's strconv.ParseBool.
      'API: {Insecure: "TRUE", Dashboard: false}',
      "Providers:",
      `  File: {Directory: ${JSON.stringify(dynamic)}, Watch: "t"}`,
      "",
    ].join("\n");
    await writeFile(join(dir, "traefik.yml"), text);
    traefik = startProcess([bin, `--configfile=${join(dir, "traefik.yml")}`], { cwd: dir });
    const started = traefik;
    // The API answers (insecure is on); then the file, written only now, is picked up (watch is on).
    await waitFor("Traefik's API", async () => {
      if (started.child.exitCode !== null) throw new Error(`Traefik exited:\n${started.output()}`);
      return (await fetch(`http://127.0.0.1:${api}/api/version`).catch(() => undefined))?.ok === true;
    });
    await writeFile(live, dynamicText);
    await waitFor("the router app@file", async () => {
      if (started.child.exitCode !== null) throw new Error(`Traefik exited:\n${started.output()}`);
      const answer = await fetch(`http://127.0.0.1:${api}/api/http/routers/app@file`).catch(() => undefined);
      return answer?.ok === true && ((await answer.json()) as { status?: string }).status === "enabled";
    });

    const dynamicConfig = {
      http: { routers: { app: { rule: "Host(`app.lan`)", service: "app", entryPoints: ["Web"] } } },
    };
    expect(
      lintStaticConfig({ text, file: "traefik.yml", dynamic: dynamicConfig, outputName: "dynamic_conf.yml" }),
    ).toEqual([]);
    const findings = checkStaticConfig({
      text,
      path: "traefik.yml",
      livePath: live,
      dynamic: dynamicConfig,
      facts: { version: "v3.6.12", apiError: undefined, fileProviderAlive: true },
    });
    expect(findings).toEqual([
      {
        check: "static.target-watched",
        status: "ok",
        message: `the deploy target is in the watched folder ${dynamic}`,
      },
      { check: "static.api", status: "ok", message: "the API is enabled and answers" },
    ]);
  });
});
