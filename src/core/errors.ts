/**
 * Every failure the tool reports is a PhoenixMeshError with a stable `code`.
 * The code decides the process exit code, here and nowhere else.
 */
import type { Diagnostic } from "./diagnostics.js";

export const EXIT = {
  ok: 0,
  /** `render --check` found a stale file, `diff --exit-code` found differences, `status` found drift. */
  difference: 1,
  /** Bad input: inventory, config file, template, flags. Nothing was written. */
  invalid: 2,
  /** Reading or writing local files failed (permissions, disk full). Nothing was half-written. */
  io: 3,
  /** A remote side (Traefik API, git remote, GitHub, pct/ssh) could not be reached or refused. */
  remote: 4,
  /** Traefik does not serve what the file says (disabled routers, failed probes, revision not loaded). */
  verifyFailed: 5,
  /** A deploy failed verification and the previous file is live again. */
  rolledBack: 6,
  /** A deploy failed and so did the rollback: the target needs a human. */
  rollbackFailed: 7,
  /** `doctor` found errors: the Traefik setup will not take changes safely. */
  doctorErrors: 8,
  /** A bug in phoenix-mesh. Please report it with the output. */
  internal: 10,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type ErrorCode =
  | "USAGE"
  | "CONFIG_INVALID"
  | "INVENTORY_INVALID"
  | "TEMPLATE_INVALID"
  | "OUTPUT_INVALID"
  | "STALE_OUTPUT"
  | "DRIFT"
  | "DOCTOR_WARNINGS"
  | "DOCTOR_ERRORS"
  | "IO"
  | "REMOTE"
  | "VERIFY_FAILED"
  | "ROLLED_BACK"
  | "ROLLBACK_FAILED"
  | "INTERNAL";

const EXIT_BY_CODE: Record<ErrorCode, ExitCode> = {
  USAGE: EXIT.invalid,
  CONFIG_INVALID: EXIT.invalid,
  INVENTORY_INVALID: EXIT.invalid,
  TEMPLATE_INVALID: EXIT.invalid,
  OUTPUT_INVALID: EXIT.invalid,
  STALE_OUTPUT: EXIT.difference,
  DRIFT: EXIT.difference,
  DOCTOR_WARNINGS: EXIT.difference,
  DOCTOR_ERRORS: EXIT.doctorErrors,
  IO: EXIT.io,
  REMOTE: EXIT.remote,
  VERIFY_FAILED: EXIT.verifyFailed,
  ROLLED_BACK: EXIT.rolledBack,
  ROLLBACK_FAILED: EXIT.rollbackFailed,
  INTERNAL: EXIT.internal,
};

export class PhoenixMeshError extends Error {
  readonly code: ErrorCode;
  /** Every problem found, with file/line/pointer where known. */
  readonly diagnostics: readonly Diagnostic[];
  /** What the user should do next, when one sentence says it. */
  readonly hint: string | undefined;
  /** Structured result of the failed operation (a verify report, a deploy report), for --json. */
  readonly details: object | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      diagnostics?: readonly Diagnostic[];
      hint?: string | undefined;
      details?: object;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PhoenixMeshError";
    this.code = code;
    this.diagnostics = options.diagnostics ?? [];
    this.hint = options.hint;
    this.details = options.details;
  }
}

export function exitCodeFor(error: unknown): ExitCode {
  return error instanceof PhoenixMeshError ? EXIT_BY_CODE[error.code] : EXIT.internal;
}
