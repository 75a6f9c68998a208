import { describe, expect, it } from "vitest";
import { nodeRegistry } from "../../src/nodes";
import { Notices } from "../../src/ui/notices/notices";
import { sharePatch, SHARE_NOTICE, type ShareDeps } from "../../src/ui/share/share";
import { decodeShareFragment } from "../../src/ui/share/shareLink";
import type { Patch } from "../../src/engine/patch/schema";
import { example } from "./helpers";

function deps(patch: Patch, clipboard: (text: string) => Promise<void>) {
  const said: { text: string; error: boolean }[] = [];
  let bundles = 0;
  const d: ShareDeps = {
    patch: () => patch,
    notices: new Notices(),
    say: (text, error = false) => said.push({ text, error }),
    exportBundle: () => void bundles++,
    href: () => "http://localhost:5173/?buffer=20#old",
    writeClipboard: clipboard,
  };
  return { d, said, bundles: () => bundles };
}

describe("Share", () => {
  it("copies the link of the open patch and says so", async () => {
    const copied: string[] = [];
    const { d, said } = deps(example("interpolate"), (t) => {
      copied.push(t);
      return Promise.resolve();
    });
    await sharePatch(d);
    expect(copied).toHaveLength(1);
    expect(copied[0]!.startsWith("http://localhost:5173/?buffer=20#patch=")).toBe(true);
    expect(decodeShareFragment(new URL(copied[0]!).hash, nodeRegistry)).toEqual(
      example("interpolate"),
    );
    expect(said).toEqual([
      {
        text: `copied a share link to the clipboard (${copied[0]!.length} characters)`,
        error: false,
      },
    ]);
    expect(d.notices.list).toEqual([]);
  });

  it("shows the link to copy by hand when the clipboard refuses it", async () => {
    const { d } = deps(example("reconstruct"), () => Promise.reject(new Error("denied")));
    await sharePatch(d);
    const notice = d.notices.list.find((n) => n.id === SHARE_NOTICE);
    expect(notice?.copyable).toMatch(/^http:\/\/localhost:5173\/\?buffer=20#patch=[\w-]+$/);
  });

  it("refuses a patch too big for a link and offers the bundle", async () => {
    const big = example("reconstruct");
    // 20,000 pseudo-random letters: text DEFLATE cannot squeeze under 8,000 characters.
    let seed = 3;
    const letters = Array.from({ length: 20_000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String.fromCharCode(97 + (seed % 26));
    });
    const tooBig: Patch = { ...big, description: letters.join("") };
    const copied: string[] = [];
    const { d, said, bundles } = deps(tooBig, (t) => {
      copied.push(t);
      return Promise.resolve();
    });
    await sharePatch(d);
    expect(copied).toEqual([]);
    expect(said[0]).toMatchObject({ error: true });
    expect(said[0]!.text).toMatch(
      /^no share link: the patch is too big, making a \d+-character link/,
    );
    const notice = d.notices.list.find((n) => n.id === SHARE_NOTICE)!;
    expect(notice.text).toMatch(/^No share link: .*share an exported bundle instead\.$/);
    await notice.actions!.find((a) => a.label === "Export bundle")!.run();
    expect(bundles()).toBe(1);
    expect(d.notices.has(SHARE_NOTICE)).toBe(false);
  });
});
