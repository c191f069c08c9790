/**
 * Byte-stable SVG. Plotly names its <defs>/<clipPath> ids after a random per-plot uid
 * (`defs-1a2b3c`, `clip1a2b3cxyplot`, `url(#clip1a2b3cx)`) and, unless traces carry a
 * `uid`, adds a random `trace<uid>` class per trace; so two exports of one figure differ.
 * Replace those with fixed tokens, only inside id/url/href/class values.
 */

/** The random plot uids Plotly used in an SVG (found through its `defs-<uid>` ids). */
export function plotlyUids(svg: string): string[] {
  const uids = new Set<string>();
  for (const m of svg.matchAll(/\bid="(?:top)?defs-([0-9a-f]+)"/g)) uids.add(m[1]);
  return [...uids];
}

/** Replaces random `trace<6 hex>` class tokens by `trace-sl<i>` in order of appearance. */
function normalizeTraceClasses(svg: string): string {
  const seen = new Map<string, string>();
  return svg.replace(/\bclass="([^"]*)"/g, (_all, cls: string) => {
    const fixed = cls.replace(/\btrace([0-9a-f]{6})\b/g, (_m, uid: string) => {
      if (!seen.has(uid)) seen.set(uid, `trace-sl${seen.size}`);
      return seen.get(uid)!;
    });
    return `class="${fixed}"`;
  });
}

/**
 * Returns `svg` with Plotly's random ids replaced: the plot uid by `sl<i>` in
 * id/url(#…)/href="#…" values, random trace classes by `trace-sl<i>`.
 */
export function normalizeSvgIds(svg: string): string {
  let out = svg;
  plotlyUids(svg).forEach((uid, i) => {
    // Only the reference contexts: never touch text, colours or path data.
    const re = new RegExp(`(\\bid="|url\\(#|href="#)([^"')]*?)${uid}`, 'g');
    out = out.replace(re, `$1$2sl${i}`);
  });
  return normalizeTraceClasses(out);
}
