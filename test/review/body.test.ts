/** The pull request body for the changes a reviewer meets most: a first proposal, a small mix. */
import { bodySuite } from "./body-suite.js";

bodySuite(["first-proposal", "small-mixed"]);
