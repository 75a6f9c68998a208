/** The ring's picture for bench/results/ring.svg: two scatter plots side by side, as SVG text. */

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  /** Draw lines from point i to point i+1 (wrapping): the ring's order. */
  readonly ring?: boolean;
  /** Write the note names next to the points. */
  readonly names?: readonly string[];
  /** Arrows from `points[i]` to `arrowsTo[i]` (where T takes each point). */
  readonly arrowsTo?: readonly (readonly [number, number])[];
}

const W = 420;
const H = 420;
const PAD = 36;

function panel(title: string, series: readonly Series[], x0: number): string {
  const all = series.flatMap((s) => [...s.points, ...(s.arrowsTo ?? [])]);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1e-9);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const k = (W - 2 * PAD) / span;
  const px = (p: readonly [number, number]) =>
    [x0 + W / 2 + (p[0] - cx) * k, H / 2 + 10 - (p[1] - cy) * k].map((v) => v.toFixed(1));
  const out = [
    `<rect x="${x0 + 4}" y="4" width="${W - 8}" height="${H - 8}" fill="white" stroke="#ccc"/>`,
    `<text x="${x0 + W / 2}" y="22" text-anchor="middle" font-size="13">${title}</text>`,
  ];
  for (const s of series) {
    if (s.ring)
      out.push(
        `<polygon points="${s.points.map((p) => px(p).join(",")).join(" ")}" fill="none" stroke="${s.color}" stroke-opacity="0.4"/>`,
      );
    s.arrowsTo?.forEach((to, i) => {
      const [a, b] = [px(s.points[i]!), px(to)];
      out.push(
        `<line x1="${a[0]}" y1="${a[1]}" x2="${b[0]}" y2="${b[1]}" stroke="${s.color}" stroke-dasharray="3,2"/>`,
        `<circle cx="${b[0]}" cy="${b[1]}" r="2" fill="none" stroke="${s.color}"/>`,
      );
    });
    s.points.forEach((p, i) => {
      const [x, y] = px(p);
      out.push(`<circle cx="${x}" cy="${y}" r="4" fill="${s.color}"/>`);
      if (s.names)
        out.push(
          `<text x="${Number(x) + 6}" y="${Number(y) - 5}" font-size="10">${s.names[i]}</text>`,
        );
    });
  }
  series.forEach((s, i) =>
    out.push(
      `<circle cx="${x0 + 16}" cy="${H - 16 - 14 * i}" r="4" fill="${s.color}"/>`,
      `<text x="${x0 + 24}" y="${H - 12 - 14 * i}" font-size="11">${s.label}</text>`,
    ),
  );
  return out.join("\n");
}

/** Two panels (left, right), each a title and its series. */
export function ringSvg(
  left: { title: string; series: readonly Series[] },
  right: { title: string; series: readonly Series[] },
): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H}" font-family="sans-serif">`,
    panel(left.title, left.series, 0),
    panel(right.title, right.series, W),
    "</svg>",
    "",
  ].join("\n");
}
