/**
 * The container side of a deploy, batched: one constant POSIX sh script (busybox ash and dash
 * both run it), run with `pct exec <ctid> -- sh -c SCRIPT phoenix-mesh <mode> <args…>` — the data
 * are positional arguments and standard input, never spliced into shell text. Each mode prints
 * one parseable line. On a real Proxmox host every pct call is a new Perl process (and over SSH a
 * round trip), so a deploy makes two calls when all goes well: `swap` (lock, stage from stdin,
 * back up, rename) and `release`; a rollback adds `restore`.
 *
 * The swap starts before the caller has finished checking the file, so the container's start-up
 * (pct's Perl, or the SSH round trip), the lock and the staging folder overlap the check. The
 * caller sends the file (its size is an argument); the script stages exactly that many bytes and
 * prints `STAGED`. Only then, and only once the file passed its checks and Traefik's API answered
 * (with several targets: once every target printed STAGED), the caller sends one more line,
 * `GO <token>`. Input that ends any other way (the file was refused, the caller died, another
 * target failed) stops the swap before the live file is touched, and gives the lock back.
 *
 * The lock is a symlink whose target is the holder's token: `ln -s` creates it atomically or
 * fails, and `readlink` reads the owner in one step. Taking over an abandoned lock is a
 * compare-and-swap: rename the symlink to a name of our own (only one renamer can win), check it
 * still names the abandoned token, and put it back untouched when it does not (someone took it
 * over first). Release is the same compare-and-delete. Every write step checks the lock is still
 * ours. Owner details (pid, host, lease) sit beside it in `<lock>.owner.<token>`.
 */

export const SWAP_SCRIPT = String.raw`set -u
umask 022
mode=$1; lock=$2; token=$3; shift 3
owner_of() { readlink "$lock" 2>/dev/null || true; }
mine() { [ "$(owner_of)" = "$token" ]; }
# d := the file's sha256, or - when it does not exist (set in a variable: no extra subshell).
# Read from stdin, so the output is "HASH  -" whatever the file is called.
digest_of() {
  if [ ! -f "$1" ]; then d=-; return; fi
  d=$(sha256sum < "$1") || { d=unreadable; return; }
  set -- $d; d=$1
}
# Gives the lock back (only ours, only this run's files) and reports why: a failed swap never
# leaves a lock, an empty owner file or a half-written staged or backup file behind.
give_up() {
  rm -f "$lock.owner.$token"
  [ -z "$staged" ] || rm -f "$staged"
  [ -z "$backup_new" ] || rm -f "$backup_new"
  if mv "$lock" "$lock.failed.$token" 2>/dev/null; then
    if [ "$(readlink "$lock.failed.$token" 2>/dev/null)" = "$token" ]; then rm -f "$lock.failed.$token"
    else ln -s "$(readlink "$lock.failed.$token")" "$lock" 2>/dev/null; rm -f "$lock.failed.$token"; fi
  fi
  echo "$reply $1"; exit 5
}
staged=; backup_new=; reply=FAILED
busy() {
  held=$(owner_of); info=$(cat "$lock.owner.$held" 2>/dev/null | tr -d '\n')
  [ -n "$held" ] || held=-
  echo "BUSY $held $info"; exit 3
}
case "$mode" in
swap)
  # Every process counts (a loaded host starts each one slowly): the caller passes the live
  # file's folder and name, tests are builtins, and only the rare paths pay for pipelines.
  live=$1; staging=$2; backups=$3; keep=$4; owner=$5; takeover=$6; stamp=$7; dir=$8; name=$9; shift 9; size=$1
  # A lock between two names (another deploy's takeover or release renames it for an instant)
  # is neither free nor held: try again a few times before calling it busy.
  got=; tries=0
  while :; do
    if ln -s "$token" "$lock" 2>/dev/null; then got=1; break; fi
    [ -z "$(owner_of)" ] && [ "$tries" -lt 5 ] || break
    tries=$((tries + 1))
  done
  if [ -z "$got" ] && ! mine; then
    [ "$takeover" != - ] && [ "$(owner_of)" = "$takeover" ] || busy
    if mv "$lock" "$lock.stale.$token" 2>/dev/null; then
      stolen=$(readlink "$lock.stale.$token" 2>/dev/null || true)
      if [ "$stolen" = "$takeover" ]; then rm -f "$lock.stale.$token" "$lock.owner.$takeover"
      else ln -s "$stolen" "$lock" 2>/dev/null; rm -f "$lock.stale.$token"; fi
    fi
    ln -s "$token" "$lock" 2>/dev/null || busy
  fi
  printf '%s\n' "$owner" > "$lock.owner.$token" || give_up "cannot write $lock.owner.$token (disk full?)"
  { [ -d "$staging" ] && [ -d "$backups" ]; } || mkdir -p "$staging" "$backups" || give_up "cannot create $staging or $backups"
  # Only the lock holder writes here: what another run left (it crashed) goes.
  for old in "$staging"/*.staged "$staging"/*.incoming; do [ ! -e "$old" ] || rm -f "$old"; done
  # umask 022: the staged file is 0644, as Traefik's files are. Exactly $size bytes: the caller
  # sends nothing more until it reads STAGED, so head cannot read past the file (BusyBox's head
  # reads through a buffer), and a caller that died mid-file leaves a short file and no go-ahead.
  staged="$staging/$name.$token.staged"
  head -c "$size" > "$staged" || give_up "cannot write $staged (disk full?)"
  echo STAGED
  # The staged bytes to disk while the caller finishes its checks, so the rename below publishes
  # them without waiting for the disk.
  sync "$staged" 2>/dev/null || sync
  # Then one line: this run's go-ahead. Anything else (end of input: the file was refused or the
  # caller stopped; another run's token) changes nothing.
  read -r go || go=
  [ "$go" = "GO $token" ] ||
    { reply=ABORTED; give_up "the caller did not confirm the file (it failed its checks, or the caller stopped)"; }
  digest_of "$staged"; after=$d; digest_of "$live"; before=$d
  if [ "$before" = "$after" ]; then
    rm -f "$staged"
    # The newest backup: names carry the time (to the millisecond), so the last in glob order.
    latest=-
    for b in "$backups/$name".*.bak; do [ -e "$b" ] && latest=$b; done
    echo "UNCHANGED $before $latest"; exit 0
  fi
  backup=-
  if [ -f "$live" ]; then
    backup="$backups/$name.$stamp.$token.bak"; backup_new=$backup
    umask 077
    cat "$live" > "$backup" || give_up "cannot write $backup (disk full?)"
    umask 022
  fi
  # fsync what matters (sync FILE…, in coreutils and busybox), not every filesystem of the host:
  # the staged file is on disk already (above), the backup's folder entry now.
  [ "$backup" = - ] || sync "$backups" 2>/dev/null || sync
  oldrev=$(sed -n '/^# revision: /{s/^# revision: \([0-9a-f]*\).*/\1/p;q};10q' "$live" 2>/dev/null)
  [ -n "$oldrev" ] || oldrev=-
  mine || { rm -f "$staged"; echo "LOST $(owner_of)"; exit 4; }
  mv -f "$staged" "$live" || give_up "cannot rename $staged"
  sync "$live" "$dir" 2>/dev/null || sync
  # Keep the newest $keep backups: glob order is time order.
  set -- "$backups/$name".*.bak
  [ -e "$1" ] || set --
  drop=$(($# - keep))
  for b; do [ "$drop" -gt 0 ] || break; rm -f "$b"; drop=$((drop - 1)); done
  echo "SWAPPED $before $after $backup $oldrev"
  ;;
restore)
  live=$1; staging=$2; backup=$3; expected=$4; dir=$5; name=$6
  mine || { echo "LOST $(owner_of)"; exit 4; }
  digest_of "$live"
  [ "$d" = "$expected" ] || { echo "MOVED $d"; exit 6; }
  if [ "$backup" = - ]; then rm -f "$live"
  else
    staged="$staging/$name.$token.staged"
    cat "$backup" > "$staged" && chmod 0644 "$staged" && { sync "$staged" 2>/dev/null || sync; } && mv -f "$staged" "$live" || { echo "FAILED cannot restore $backup"; exit 5; }
  fi
  sync "$live" "$dir" 2>/dev/null || sync
  digest_of "$live"
  echo "RESTORED $d"
  ;;
release)
  if mv "$lock" "$lock.release.$token" 2>/dev/null; then
    held=$(readlink "$lock.release.$token" 2>/dev/null || true)
    if [ "$held" = "$token" ]; then rm -f "$lock.release.$token" "$lock.owner.$token"; echo RELEASED
    else ln -s "$held" "$lock" 2>/dev/null; rm -f "$lock.release.$token"; echo "NOT-HELD $held"; fi
  else echo "NOT-HELD -"; fi
  ;;
*) echo "FAILED unknown mode $mode"; exit 2 ;;
esac
`;

export type SwapReply =
  | {
      kind: "swapped";
      before: string | null;
      after: string;
      backup: string | null;
      /** The replaced file's revision marker, when it had one. */
      beforeRevision: string | null;
    }
  | { kind: "unchanged"; digest: string; latestBackup: string | null }
  | { kind: "busy"; holder: string | null; owner: string }
  | { kind: "lost"; holder: string | null }
  | { kind: "restored"; digest: string | null }
  | { kind: "moved"; digest: string | null }
  | { kind: "released" }
  | { kind: "not-held"; holder: string | null }
  | { kind: "failed"; reason: string }
  /** The caller ended the swap's input without its go-ahead: nothing was changed. */
  | { kind: "aborted"; reason: string };

/** Pure: the script's one line → what happened; undefined when it printed something else. */
export function parseSwapReply(stdout: string): SwapReply | undefined {
  const line = stdout.trim().split("\n").pop() ?? "";
  const [word = "", ...rest] = line.split(" ");
  const opt = (v: string | undefined) => (v === undefined || v === "-" || v === "" ? null : v);
  switch (word) {
    case "SWAPPED":
      return rest[1] === undefined
        ? undefined
        : {
            kind: "swapped",
            before: opt(rest[0]),
            after: rest[1],
            backup: opt(rest[2]),
            beforeRevision: opt(rest[3]),
          };
    case "UNCHANGED":
      return rest[0] === undefined
        ? undefined
        : { kind: "unchanged", digest: rest[0], latestBackup: opt(rest[1]) };
    case "BUSY":
      return { kind: "busy", holder: opt(rest[0]), owner: rest.slice(1).join(" ") };
    case "LOST":
      return { kind: "lost", holder: opt(rest[0]) };
    case "RESTORED":
      return { kind: "restored", digest: opt(rest[0]) };
    case "MOVED":
      return { kind: "moved", digest: opt(rest[0]) };
    case "RELEASED":
      return { kind: "released" };
    case "NOT-HELD":
      return { kind: "not-held", holder: opt(rest[0]) };
    case "FAILED":
      return { kind: "failed", reason: rest.join(" ") };
    case "ABORTED":
      return { kind: "aborted", reason: rest.join(" ") };
    default:
      return undefined;
  }
}

/** What the swap prints once the file is staged: the caller may send the go-ahead only after it. */
export const STAGED_LINE = "STAGED";

/** The swap's last line of input, sent after STAGED: the go-ahead for this run (token) to put the file live. */
export function goAheadLine(token: string): string {
  return `GO ${token}\n`;
}

/** Pure: the script's argv for one mode (after `sh -c SCRIPT`). */
export function swapScriptArgv(
  mode: "swap" | "restore" | "release",
  lock: string,
  token: string,
  args: readonly string[],
): string[] {
  return ["sh", "-c", SWAP_SCRIPT, "phoenix-mesh", mode, lock, token, ...args];
}
