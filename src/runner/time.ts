/** The one pause of the code base (retry back-off, polling, pacing a load generator). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
