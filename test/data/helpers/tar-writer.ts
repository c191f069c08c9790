/**
 * A minimal ustar writer for tests: regular files, directories and symlinks, long names split
 * into ustar's prefix field, and a raw name mode for hostile entries (`../x`).
 */

export interface TarEntryInput {
  readonly name: string;
  readonly data?: Uint8Array;
  /** '0' file (default), '5' directory, '2' symlink. */
  readonly type?: '0' | '5' | '2';
  readonly linkName?: string;
}

/** An uncompressed tar archive holding the entries, ending in two zero blocks. */
export function writeTar(entries: readonly TarEntryInput[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? new Uint8Array(0));
    blocks.push(header(e, data.length));
    blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function header(e: TarEntryInput, size: number): Buffer {
  const h = Buffer.alloc(512);
  let name = e.name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/');
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(e.type ?? '0', 156);
  if (e.linkName) h.write(e.linkName, 157, 100);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}
