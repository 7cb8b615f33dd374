/** Owner details of a deploy lock, as another deploy reads them: anything malformed is "no details", never a crash. */
import { expect, it } from "vitest";
import { parseOwner } from "../../src/adapters/targets/lock.js";

it("accepts what a deploy writes", () => {
  const owner = { pid: 4242, host: "pve", started: 1, expires: 2 };
  expect(parseOwner(`${JSON.stringify(owner)}\n`)).toEqual(owner);
});

it.each([
  ['{"pid":"12ab","host":"pve","started":1,"expires":2}'],
  ['{"pid":1.5,"host":"pve","started":1,"expires":2}'],
  ['{"pid":1,"host":"pve","started":1,"expires":"later"}'],
  ['{"pid":1,"started":1,"expires":2}'],
  ["null"],
  ["[]"],
  ["not json"],
  [""],
])("reads %s as no owner details (regression: a non-numeric field crashed the deploy)", (text) => {
  expect(parseOwner(text)).toBeUndefined();
});
