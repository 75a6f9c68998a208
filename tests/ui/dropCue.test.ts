import { describe, expect, it } from "vitest";
import { dropCueOf } from "../../src/ui/canvas/dropCue";

const file = (type: string) => ({ kind: "file", type });

describe("dropCueOf", () => {
  it("says a sound becomes an AudioIn at the pointer", () => {
    for (const type of ["audio/wav", "audio/x-wav", "AUDIO/WAVE"]) {
      const cue = dropCueOf([file(type)])!;
      expect(cue.text).toContain("AudioIn here");
      expect(cue.atPointer).toBe(true);
    }
  });

  it("says a patch opens, a zip opens or adds a model pack, elsewhere than the pointer", () => {
    expect(dropCueOf([file("application/json")])).toMatchObject({
      text: expect.stringContaining("the patch opens") as unknown,
      atPointer: false,
    });
    expect(dropCueOf([file("application/zip")])!.text).toContain("model pack");
    // A folder or a file of no known type: every possibility, none at the pointer.
    expect(dropCueOf([file("")])).toMatchObject({ atPointer: false });
    expect(dropCueOf([file("")])!.text).toContain("a WAV becomes an AudioIn");
  });

  it("names the first file of several, and shows nothing for a drag with no file", () => {
    expect(dropCueOf([file("audio/wav"), file("application/json")])!.text).toContain("first");
    expect(dropCueOf([{ kind: "string", type: "text/plain" }])).toBeUndefined();
    expect(dropCueOf([])).toBeUndefined();
  });
});
