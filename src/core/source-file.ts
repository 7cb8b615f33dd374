/** A file's text as read, named as the user should see it, and the parsed value kept beside it. */
import type { JsonValue } from "./json/parse.js";

export interface SourceFile {
  /** Path as the user should see it (relative to the working directory when possible). */
  path: string;
  text: string;
}

export interface ParsedFile extends SourceFile {
  value: JsonValue;
}
