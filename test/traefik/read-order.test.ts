/**
 * Which files of a dynamic-configuration folder Traefik reads, and in what order: what its file
 * provider does at the pinned tag (pkg/provider/file, loadFileConfigFromDirectory): os.ReadDir
 * gives each folder's entries sorted by name (byte order), a folder is read where it sorts, whole,
 * before the next entry, and a file counts when its extension, lower-cased, is .toml, .yaml or .yml.
 */
import { describe, expect, it } from "vitest";
import { isDynamicFileName, traefikReadOrder } from "../../src/domain/traefik/read-order.js";

describe("isDynamicFileName", () => {
  it("takes .yml, .yaml and .toml in any case", () => {
    for (const name of ["a.yml", "a.yaml", "a.toml", "A.YML", "b.Yaml", "c.TOML", ".hidden.yml"])
      expect(isDynamicFileName(name), name).toBe(true);
  });

  it("leaves out every other extension, and names that only contain one", () => {
    for (const name of ["a.json", "a.yml.bak", "a.yml~", "a.ymlx", "yml", "a.tml", "a.yl", "a.yam", "atoml"])
      expect(isDynamicFileName(name), name).toBe(false);
  });
});

describe("traefikReadOrder", () => {
  it("sorts a folder's entries by name, byte order (capitals before small letters)", () => {
    expect(traefikReadOrder(["b.yml", "a.yml", "B.yml", "_.yml", "10.yml", "9.yml"])).toEqual([
      "10.yml",
      "9.yml",
      "B.yml",
      "_.yml",
      "a.yml",
      "b.yml",
    ]);
  });

  it("reads a subfolder where its name sorts, whole, before the entries after it", () => {
    // As paths, "a-b.yml" < "a/x.yml" ("-" is before "/"); as entries, folder "a" < "a-b.yml".
    expect(
      traefikReadOrder(["a-b.yml", "z.yml", "a/x.yml", "a.yml", "a/b/c.yml", "a/b.yml", "a/c.yml"]),
    ).toEqual(["a/b/c.yml", "a/b.yml", "a/c.yml", "a/x.yml", "a-b.yml", "a.yml", "z.yml"]);
  });

  it("keeps a sorted list as it is and does not change its argument", () => {
    const paths = ["z.yml", "a/b.yml"];
    expect(traefikReadOrder(paths)).toEqual(["a/b.yml", "z.yml"]);
    expect(paths).toEqual(["z.yml", "a/b.yml"]);
    expect(traefikReadOrder(["a.yml", "a.yml"])).toEqual(["a.yml", "a.yml"]);
  });
});
