import { describe, expect, it } from "vitest";
import { History } from "../../src/ui/model/history";

describe("History", () => {
  it("undoes and redoes in order, and a new commit drops the redo steps", () => {
    const h = new History(0);
    h.commit(1);
    h.commit(2);
    expect(h.undo()).toBe(true);
    expect(h.current).toBe(1);
    h.commit(5);
    expect(h.canRedo).toBe(false);
    expect(h.redo()).toBe(false);
    h.undo();
    h.undo();
    expect(h.current).toBe(0);
    expect(h.undo()).toBe(false);
  });

  it("joins commits with the same key until sealed or another key comes", () => {
    const h = new History("a");
    h.commit("b", "k");
    h.commit("c", "k");
    h.commit("d", "other");
    h.undo();
    expect(h.current).toBe("c");
    h.undo();
    expect(h.current).toBe("a");
    h.commit("x", "k");
    h.seal();
    h.commit("y", "k");
    h.undo();
    expect(h.current).toBe("x");
  });
});
