/**
 * inotify limits in Traefik's container. Its file watcher needs an inotify instance and a watch
 * per file, and LXCs share the host's per-user limits. The warning bound is the kernel's own old
 * defaults (fs.inotify.max_user_watches=8192, max_user_instances=128, inotify(7)): a host at
 * them is fine; below them a host shared by many containers runs out; below a few dozen
 * watches or instances the watcher may not start at all.
 */
import { describe, expect, it } from "vitest";
import { checkInotify } from "../../src/domain/doctor/inotify.js";

const status = (maxUserWatches: number | undefined, maxUserInstances: number | undefined) =>
  checkInotify({ maxUserWatches, maxUserInstances }).map((f) => [f.check, f.status]);

describe("checkInotify", () => {
  it("is fine at the kernel's defaults and above", () => {
    expect(status(8192, 128)).toEqual([["inotify.limits", "ok"]]);
    expect(status(524288, 1024)).toEqual([["inotify.limits", "ok"]]);
    expect(checkInotify({ maxUserWatches: 8192, maxUserInstances: 128 })[0]!.message).toContain(
      "max_user_watches=8192, max_user_instances=128",
    );
  });

  it("warns just below either default, and says how to raise them", () => {
    for (const [w, i] of [
      [8191, 128],
      [8192, 127],
      [64, 8],
    ] as const) {
      const [finding] = checkInotify({ maxUserWatches: w, maxUserInstances: i });
      expect(finding, `${w}/${i}`).toMatchObject({ check: "inotify.limits", status: "warning" });
      expect(finding!.message).toContain(`max_user_watches=${w}, max_user_instances=${i}`);
      expect(finding!.fix).toContain("fs.inotify.max_user_instances");
    }
  });

  it("is an error when the watcher may not start at all", () => {
    for (const [w, i] of [
      [63, 128],
      [8192, 7],
      [0, 0],
    ] as const) {
      const [finding] = checkInotify({ maxUserWatches: w, maxUserInstances: i });
      expect(finding, `${w}/${i}`).toMatchObject({ check: "inotify.limits", status: "error" });
      expect(finding!.message).toContain(`max_user_watches=${w}, max_user_instances=${i}`);
      expect(finding!.fix).toContain("sysctl -w");
    }
  });

  it("warns, and says how to look, when either limit could not be read", () => {
    for (const [w, i] of [
      [undefined, 128],
      [8192, undefined],
    ] as const) {
      const findings = checkInotify({ maxUserWatches: w, maxUserInstances: i });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ check: "inotify.limits", status: "warning" });
      expect(findings[0]!.fix).toContain("/proc/sys/fs/inotify/max_user_");
    }
  });
});
