/** One thing doctor looked at: what it found, why it matters, and the exact fix. */
export type FindingStatus = "ok" | "warning" | "error";

export interface Finding {
  /** Stable id, e.g. "unit.exec-reload". */
  check: string;
  status: FindingStatus;
  message: string;
  fix?: string;
}

export const ok = (check: string, message: string): Finding => ({ check, status: "ok", message });
export const warning = (check: string, message: string, fix?: string): Finding => ({
  check,
  status: "warning",
  message,
  ...(fix === undefined ? {} : { fix }),
});
export const error = (check: string, message: string, fix?: string): Finding => ({
  check,
  status: "error",
  message,
  ...(fix === undefined ? {} : { fix }),
});
