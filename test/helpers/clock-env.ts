// faketime's settings (LD_PRELOAD, FAKETIME...), for the child processes a test starts with a
// clean environment: under `faketime -f '+400d'` the CLI and the server keep the shifted clock.

/** The variables that carry faketime's clock, when the suite runs under it; none otherwise. */
export function clockEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && (entry[0] === 'LD_PRELOAD' || entry[0].startsWith('FAKETIME')),
    ),
  );
}
