/** glibc's `malloc_trim(0)`: true when it handed memory back to the kernel. */
export type MallocTrim = () => boolean;

/**
 * glibc's `malloc_trim`, or undefined where there is none to call. After a storm V8's heap is settled (see
 * start-heap-settler.ts), but what was allocated with malloc — request and body buffers, zlib's state, SQLite's
 * pages — stays in glibc's arenas once freed: measured 40 s after a storm, the main arena held 31 MiB all of it
 * free and a thread's arena 16 of its 20 MiB, ~40 MiB of RSS that glibc gives back only when trimmed. (Its
 * automatic trim looks at the top of an arena alone, and after a storm the top is rarely free.) Fixing glibc's
 * mmap threshold instead (`GLIBC_TUNABLES`) settles as low but cost 14 % of grouped intake, every body then
 * mapped and unmapped. Node has no binding for it: koffi, an FFI library shipping prebuilt binaries, calls it.
 *
 * Undefined off Linux, on a libc without it (musl: no `libc.so.6`), or when the optional dependency koffi is
 * not installed. Loaded on first use, not at start-up (koffi's binary is ~1 MiB to map). `loadKoffi` and
 * `platform` are for tests of those cases.
 */
export function loadMallocTrim(loadKoffi: () => Koffi = requireKoffi, platform = process.platform): MallocTrim | undefined {
  if (platform !== 'linux') return undefined;
  try {
    const trim = loadKoffi().load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number;
    return () => trim(0) === 1;
  } catch {
    return undefined;
  }
}

type Koffi = Pick<typeof import('koffi'), 'load'>;

function requireKoffi(): Koffi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when there is a storm to settle
  return require('koffi') as typeof import('koffi');
}
