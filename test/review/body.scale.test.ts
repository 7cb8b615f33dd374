/**
 * The pull request body for hundreds and thousands of hosts. Scale tests (*.scale.test.ts) run in
 * `npm test` but not under mutation testing: rendering 2,000 guests once per mutant does not fit.
 */
import { bodySuite } from "./body-suite.js";

bodySuite(["300-added", "300-changed", "2000-removed"]);
