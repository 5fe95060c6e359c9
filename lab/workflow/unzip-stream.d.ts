// unzip-stream ships no types; the adapters use only Extract (the same call @actions/artifact makes).
declare module 'unzip-stream' {
  import type { Writable } from 'node:stream';
  const unzip: { Extract(opts: { path: string }): Writable };
  export default unzip;
}
