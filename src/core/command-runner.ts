/** Runs a command's work; prints its result as JSON on stdout when asked. */
export type CommandRunner = (run: () => Promise<object>, json: boolean) => Promise<void>;
