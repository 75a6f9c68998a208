import { deflateRawSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nodeRegistry } from "../../src/nodes";
import { serializePatch } from "../../src/engine/patch/serialize";
import { asRecord, type AutosaveRecord } from "../../src/ui/model/autosave";
import { RecentFiles, type RecentFile } from "../../src/ui/model/recentFiles";
import { LINK_NOTICE, startSession, type SessionEnv } from "../../src/ui/session/startSession";
import { CONFLICT_NOTICE } from "../../src/ui/session/tabSync";
import { encodeShareFragment } from "../../src/ui/share/shareLink";
import { example } from "./helpers";
import { memoryAutosave, type MemoryAutosave } from "./memoryAutosave";

const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) c.close();
});

function memoryRecent(): RecentFiles & { stored: () => readonly RecentFile[] } {
  let list: readonly RecentFile[] = [];
  const recent = new RecentFiles({
    read: () => Promise.resolve(list),
    write: (l) => {
      list = l;
      return Promise.resolve();
    },
  });
  return Object.assign(recent, { stored: () => list });
}

interface TabOptions {
  readonly hash?: string;
  readonly recent?: RecentFiles;
  readonly channel?: boolean;
}

/** A "tab": a session on `store` with its own address, downloads and (optionally) channel. */
function tab(store: MemoryAutosave, id: string, opts: TabOptions = {}) {
  let hash = opts.hash ?? "";
  const downloads: { text: string; name: string }[] = [];
  const channel = opts.channel ? new BroadcastChannel("test-autosave") : undefined;
  if (channel) channels.push(channel);
  const env: SessionEnv = {
    registry: nodeRegistry,
    store,
    recent: opts.recent ?? memoryRecent(),
    demo: () => example("reconstruct"),
    hash: () => hash,
    clearHash: () => void (hash = ""),
    download: (text, name) => downloads.push({ text, name }),
    channel,
    tab: id,
  };
  return { env, downloads, hash: () => hash, setHash: (h: string) => void (hash = h) };
}

const record = (text: string, revision = 1): AutosaveRecord => ({
  text,
  tab: "earlier",
  revision,
  at: 0,
});
const action = (
  s: {
    notices: {
      list: readonly { id: string; actions?: readonly { label: string; run: () => unknown }[] }[];
    };
  },
  id: string,
  label: string,
) =>
  s.notices.list
    .find((n) => n.id === id)
    ?.actions?.find((a) => a.label === label)
    ?.run();

describe("start of a session", () => {
  it("keeps a record that does not load aside, says so, and lets it be downloaded", async () => {
    const store = memoryAutosave(record('{"format":"latent-patcher.patch", oops', 4));
    const t = tab(store, "a");
    const s = await startSession(t.env);
    expect(serializePatch(s.model.patch)).toBe(serializePatch(example("reconstruct")));
    const [kept] = [...store.keptRecords.values()];
    expect(kept?.text).toBe('{"format":"latent-patcher.patch", oops');
    const notice = s.notices.list.find((n) => n.id === `kept:${kept!.id}`);
    expect(notice?.text).toMatch(/did not load — patch: not valid JSON .*kept aside, untouched/);
    await action(s, `kept:${kept!.id}`, "Download");
    expect(t.downloads.map((d) => d.text)).toEqual([kept!.text]);
    expect(t.downloads[0]?.name).toMatch(/^recovered-autosave-\d{8}T\d{6}\.json$/);
    // An edit writes the autosave again; the kept record stays.
    s.model.rename("after");
    await s.saver.flushed();
    expect(asRecord(store.current)).toMatchObject({ revision: 5, tab: "a" });
    expect(store.keptRecords.get(kept!.id)).toEqual(kept);
    // The next start still lists it, until discarded.
    const again = await startSession(tab(store, "b").env);
    expect(again.notices.has(`kept:${kept!.id}`)).toBe(true);
    await action(again, `kept:${kept!.id}`, "Discard");
    expect(store.keptRecords.size).toBe(0);
    expect(again.notices.has(`kept:${kept!.id}`)).toBe(false);
  });

  it("writes nothing when the broken record cannot be kept aside", async () => {
    const store = memoryAutosave("not a patch");
    store.fail = new DOMException("full", "QuotaExceededError");
    const s = await startSession(tab(store, "a").env);
    expect(s.notices.list.map((n) => n.id)).toContain("autosave-keep");
    store.fail = undefined;
    s.model.rename("edited");
    await s.saver.flushed();
    expect(store.current).toBe("not a patch");
  });

  it("shows a failed write until one lands", async () => {
    const store = memoryAutosave();
    const s = await startSession(tab(store, "a").env);
    store.fail = new DOMException("full", "QuotaExceededError");
    s.model.rename("one");
    await s.saver.flushed();
    expect(s.notices.list.find((n) => n.id === "autosave-error")?.text).toContain(
      "QuotaExceededError",
    );
    store.fail = undefined;
    s.model.rename("two");
    await s.saver.flushed();
    expect(s.notices.has("autosave-error")).toBe(false);
  });
});

describe("share links on start", () => {
  it("opens the link's patch in place of the autosaved one, which goes to Recent", async () => {
    const autosaved = example("filmr-sweep");
    const store = memoryAutosave(record(serializePatch(autosaved), 2));
    const recent = memoryRecent();
    const t = tab(store, "a", { hash: `#${encodeShareFragment(example("interpolate"))}`, recent });
    const s = await startSession(t.env);
    expect(s.model.patch).toEqual(example("interpolate"));
    expect(t.hash()).toBe("");
    expect(recent.stored()[0]?.text).toBe(serializePatch(autosaved));
    const name = recent.stored()[0]?.name ?? "";
    expect(name.slice(0, autosaved.name.length)).toBe(autosaved.name);
    expect(name.slice(autosaved.name.length)).toMatch(/^ \(before a link, \d\d:\d\d\)$/);
    await s.saver.flushed();
    expect(asRecord(store.current)).toMatchObject({
      revision: 3,
      text: serializePatch(example("interpolate")),
    });
  });

  it("opens a link made with zlib, and a link whose fragment changes later", async () => {
    const store = memoryAutosave();
    const t = tab(store, "a");
    const s = await startSession(t.env);
    const text = serializePatch(example("effect-transfer"));
    t.setHash(`#patch=${deflateRawSync(text).toString("base64url")}`);
    await s.openLink();
    expect(serializePatch(s.model.patch)).toBe(text);
    expect(s.notices.list.find((n) => n.id === LINK_NOTICE)?.text).toMatch(/not playing/);
  });

  it("keeps the autosaved patch open when the link is broken, and says what failed", async () => {
    const autosaved = serializePatch(example("filmr-sweep"));
    const store = memoryAutosave(record(autosaved, 2));
    const t = tab(store, "a", { hash: "#patch=%%%" });
    const s = await startSession(t.env);
    expect(serializePatch(s.model.patch)).toBe(autosaved);
    expect(s.notices.list.find((n) => n.id === LINK_NOTICE)).toMatchObject({
      tone: "error",
      text: 'The share link was not opened: the link is not base64url: "%" at character 1 of the patch data. The patch that was open is still open.',
    });
    expect(t.hash()).toBe("");
    await s.saver.flushed();
    expect(store.writes).toBe(0);
  });
});

describe("two tabs", () => {
  const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true));

  async function twoTabs() {
    const store = memoryAutosave(record(serializePatch(example("reconstruct")), 1));
    const recent = memoryRecent();
    const a = await startSession(tab(store, "A", { channel: true, recent }).env);
    const b = await startSession(tab(store, "B", { channel: true, recent }).env);
    b.model.rename("from B");
    await b.saver.flushed();
    await until(() => a.notices.has(CONFLICT_NOTICE));
    return { store, recent, a, b };
  }

  it("tells a tab when another saved, and holds its changes", async () => {
    const { store, a } = await twoTabs();
    expect(a.notices.list.find((n) => n.id === CONFLICT_NOTICE)?.text).toMatch(
      /^Another tab saved a newer version of the patch \(revision 2\)/,
    );
    a.model.rename("from A");
    await a.saver.flushed();
    expect(asRecord(store.current)).toMatchObject({ tab: "B", revision: 2 });
  });

  it("opens the other tab's patch; this tab's goes to Recent", async () => {
    const { store, recent, a } = await twoTabs();
    a.model.rename("from A");
    await action(a, CONFLICT_NOTICE, "Open the other tab's");
    expect(a.model.patch.name).toBe("from B");
    expect(recent.stored()[0]?.name).toMatch(/^from A \(this tab/);
    a.model.rename("A after B");
    await a.saver.flushed();
    expect(asRecord(store.current)).toMatchObject({ tab: "A", revision: 3 });
  });

  it("opens the other tab's patch without a copy when this tab changed nothing", async () => {
    const { recent, a } = await twoTabs();
    await action(a, CONFLICT_NOTICE, "Open the other tab's");
    expect(a.model.patch.name).toBe("from B");
    expect(recent.stored()).toEqual([]);
    expect(a.notices.list.find((n) => n.id === CONFLICT_NOTICE)?.text).toBe(
      "Opened the other tab's patch.",
    );
  });

  it("keeps this tab's patch; the other's goes to Recent, and that tab is told in turn", async () => {
    const { store, recent, a, b } = await twoTabs();
    a.model.rename("from A");
    await action(a, CONFLICT_NOTICE, "Keep this tab's");
    await a.saver.flushed();
    expect(asRecord(store.current)).toMatchObject({ tab: "A", revision: 3 });
    expect(JSON.parse(asRecord(store.current)!.text)).toMatchObject({ name: "from A" });
    expect(recent.stored()[0]?.name).toMatch(/^from B \(other tab/);
    await until(() => b.notices.has(CONFLICT_NOTICE));
  });
});
